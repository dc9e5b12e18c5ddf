/* stopwords.c: the stopword lists of the 24 official languages (see
 * stopwords.h), one table per language, each sorted by bytes and written in
 * folded form; tests/test_languages.c checks that every entry is its own
 * fold, the order and the absence of duplicates. */
#include "analysis/stopwords.h"

#include <string.h>

/* English (en): Lucene's EnglishAnalyzer list, kept as it is so that the
 * relevance figures in bench/README.md compare like with like. */
static const char *const en_words[] = {
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
    "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the",
    "their", "then", "there", "these", "they", "this", "to", "was", "will",
    "with"};

/* French (fr), the list acquis has always had: articles, elided l' d' qu'
 * n' s' j' m' t' c', prepositions, conjunctions, pronouns, forms of etre. */
static const char *const fr_words[] = {
    "a", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du",
    "elle", "en", "est", "et", "eux", "il", "ils", "j", "je", "l", "la", "le",
    "les", "leur", "leurs", "lui", "m", "mais", "me", "meme", "mes", "moi",
    "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour",
    "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t",
    "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous",
    "y"};

/* German (de), the list acquis has always had: articles, prepositions and
 * their fused forms, conjunctions, pronouns, forms of sein and werden. */
static const char *const de_words[] = {
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das",
    "dass", "dem", "den", "der", "des", "die", "durch", "ein", "eine",
    "einem", "einen", "einer", "eines", "er", "es", "fur", "hat", "im", "in",
    "ist", "mit", "nach", "nicht", "oder", "sich", "sie", "sind", "so",
    "uber", "um", "und", "vom", "von", "vor", "wie", "wird", "zu", "zum",
    "zur"};

/* Bulgarian (bg), 159 words, written for acquis: conjunctions, prepositions,
 * personal, possessive, demonstrative and relative pronouns, the indefinite
 * article (един), forms of съм and the particles ще/би. Cyrillic й folds to
 * и, so който and които are one entry. */
static const char *const bg_words[] = {
    "а", "аз", "ако", "без", "беше", "би", "бил", "била", "били", "било", "биха", "бъдат",
    "бъде", "бях", "бяха", "в", "вас", "вече", "ви", "вие", "всеки", "всички", "всичко",
    "всяка", "всяко", "във", "въз", "върху", "го", "да", "дали", "до", "докато", "друг",
    "друга", "други", "друго", "е", "един", "една", "едни", "едно", "за", "защото", "и", "или",
    "им", "каква", "какви", "какво", "както", "какъв", "като", "когато", "кое", "което", "кои",
    "които", "коя", "която", "към", "ме", "между", "му", "на", "над", "нас", "не", "него",
    "негов", "негова", "неговата", "неговите", "неговия", "негово", "неговото", "неин", "неина",
    "неината", "неините", "неиния", "неино", "неиното", "нея", "ни", "ние", "никои", "нито",
    "нищо", "но", "някое", "някои", "някоя", "обаче", "около", "онази", "онези", "онзи",
    "онова", "освен", "от", "относно", "още", "по", "под", "пред", "преди", "през", "при", "с",
    "са", "само", "свое", "своето", "свои", "своите", "своя", "своята", "се", "си", "след",
    "сме", "според", "спрямо", "срещу", "сте", "съм", "със", "също", "тази", "така", "такава",
    "такива", "такова", "такъв", "те", "тези", "техен", "техни", "техните", "техния", "ти",
    "то", "това", "този", "тои", "тя", "тях", "тяхна", "тяхната", "тяхно", "тяхното", "че",
    "чието", "чиито", "чиято", "чрез", "ще", "я",
};

/* Czech (cs), 188 words, written for acquis: conjunctions, prepositions,
 * pronouns (third person in every case, first and second in the nominative
 * and dative only), který/jenž, forms of být and the conditional by. Not
 * `co`: in EU law it is mostly CO (carbon monoxide, CO 2). */
static const char *const cs_words[] = {
    "a", "aby", "ale", "ani", "behem", "bez", "bude", "budou", "budu", "by", "bych", "bychom",
    "byl", "byla", "byli", "bylo", "byly", "byste", "byt", "ci", "dle", "do", "ho", "i", "ja",
    "jaka", "jake", "jako", "jaky", "je", "jeho", "jehoz", "jej", "jeji", "jejich", "jejz",
    "jemu", "jemuz", "jen", "jenz", "jeste", "jestlize", "jez", "ji", "jich", "jim", "jimi",
    "jiz", "jsem", "jsi", "jsme", "jsou", "jste", "k", "kazda", "kazde", "kazdeho", "kazdem",
    "kazdemu", "kazdy", "kdo", "kdyby", "kdyz", "ke", "krome", "ktera", "ktere", "ktereho",
    "kterem", "kteremu", "kteri", "kterou", "ktery", "kterych", "kterym", "kterymi", "mezi",
    "mi", "mu", "my", "na", "nad", "nam", "nas", "nase", "ne", "nebo", "nebot", "neho", "nej",
    "nemu", "ni", "nich", "nichz", "nim", "nimi", "nimz", "o", "od", "ode", "on", "ona", "oni",
    "ono", "ony", "po", "pod", "podle", "pokud", "pred", "pres", "pri", "pro", "proti", "proto",
    "protoze", "rovnez", "s", "se", "sebe", "sebou", "si", "skrze", "sobe", "sva", "sve",
    "sveho", "svem", "svemu", "svoje", "svoji", "svou", "svuj", "svych", "svym", "svymi", "ta",
    "tak", "take", "tato", "te", "tech", "techto", "tedy", "tem", "temi", "temito", "temto",
    "ten", "tento", "teto", "tez", "ti", "tim", "tito", "to", "toho", "tohoto", "tom", "tomu",
    "tomuto", "toto", "tou", "touto", "tu", "tuto", "ty", "tyto", "u", "uz", "v", "vam", "vas",
    "vcetne", "ve", "vsak", "vse", "vsech", "vsechny", "vsem", "vsemi", "vsichni", "vuci", "vy",
    "z", "za", "zda", "ze",
};

/* Danish (da), 112 words, written for acquis: conjunctions, prepositions,
 * pronouns, determiners, and forms of være, have, blive and vil; not the
 * modals skal, kan, bør, which carry the law's obligations. */
static const char *const da_words[] = {
    "af", "al", "alle", "allerede", "alt", "anden", "andet", "andre", "at", "bade", "blandt",
    "blev", "blevet", "blive", "bliver", "da", "de", "dem", "den", "denne", "dens", "der",
    "deres", "det", "dets", "dette", "dig", "din", "dine", "disse", "dit", "du", "efter",
    "eller", "en", "end", "enten", "er", "et", "for", "fra", "gennem", "haft", "ham", "han",
    "hans", "har", "havde", "have", "hende", "hendes", "her", "hos", "hun", "hvad", "hvem",
    "hver", "hverken", "hvert", "hvilke", "hvilken", "hvilket", "hvis", "hvor", "i", "ikke",
    "inden", "ingen", "intet", "jeg", "jer", "kun", "med", "mellem", "men", "mig", "min",
    "mine", "mit", "mod", "nar", "nogen", "noget", "nogle", "nu", "og", "ogsa", "om", "os",
    "over", "pa", "sa", "samt", "sig", "sin", "sine", "sit", "som", "til", "uden", "under",
    "vaere", "vaeret", "var", "ved", "vi", "vil", "ville", "vor", "vore", "vores", "vort",
};

/* Greek (el), 147 words, written for acquis: articles, conjunctions and
 * particles (να, θα, δεν), prepositions with their fused forms (στο, στην
 * ...), pronouns including ο οποίος, forms of είμαι and έχω. Folded:
 * lowercase, no tonos or dialytika, final sigma as σ. */
static const char *const el_words[] = {
    "αλλα", "αλλεσ", "αλλη", "αλλησ", "αλλο", "αλλοι", "αλλοσ", "αλλου", "αλλων", "αν", "αντι",
    "απο", "αυτα", "αυτεσ", "αυτη", "αυτην", "αυτησ", "αυτο", "αυτοι", "αυτον", "αυτοσ",
    "αυτου", "αυτουσ", "αυτων", "αφου", "για", "δεν", "δια", "εαν", "εγω", "ειμαι", "ειμαστε",
    "ειναι", "εισαι", "ειστε", "ειτε", "ειχαν", "ειχε", "εκεινα", "εκεινη", "εκεινο", "εκεινοι",
    "εκεινοσ", "εκτοσ", "εμεισ", "εν", "ενα", "εναν", "ενασ", "ενοσ", "εντοσ", "ενω", "επειδη",
    "επισησ", "εσεισ", "εσυ", "εχει", "εχουν", "εχω", "εωσ", "η", "ηταν", "θα", "καθε", "και",
    "κατα", "κι", "λογω", "μασ", "με", "μετα", "μεταξυ", "μεχρι", "μη", "μην", "μητε", "μια",
    "μιασ", "μου", "να", "ο", "οι", "ολα", "ολεσ", "ολη", "ολο", "ολοι", "ολουσ", "ολων",
    "ομωσ", "οποια", "οποιασ", "οποιεσ", "οποιο", "οποιοι", "οποιον", "οποιοσ", "οποιου",
    "οποιουσ", "οποιων", "οπωσ", "οσον", "οταν", "οτι", "ουτε", "παρα", "περι", "ποια", "ποιο",
    "ποιοσ", "που", "προσ", "πωσ", "σ", "σασ", "σε", "σου", "στα", "στη", "στην", "στησ",
    "στισ", "στο", "στον", "στου", "στουσ", "στων", "συμφωνα", "τα", "τετοια", "τετοιεσ",
    "τετοιο", "τετοιοσ", "τη", "την", "τησ", "τισ", "το", "τον", "του", "τουσ", "των", "υπερ",
    "υπο", "χωρισ", "ωσ", "ωστε",
};

/* Spanish (es), 135 words, written for acquis: articles, prepositions,
 * conjunctions, pronouns, determiners, forms of ser and haber and está/están.
 * Not estado/estados (Estados miembros). */
static const char *const es_words[] = {
    "a", "al", "ante", "aquel", "aquella", "aquellas", "aquello", "aquellos", "asi", "aunque",
    "bajo", "cada", "como", "con", "contra", "cual", "cuales", "cuando", "cuanto", "cuya",
    "cuyas", "cuyo", "cuyos", "de", "del", "desde", "donde", "durante", "e", "el", "ella",
    "ellas", "ellos", "en", "entre", "era", "eran", "es", "esa", "esas", "ese", "eso", "esos",
    "esta", "estan", "estas", "este", "esto", "estos", "fue", "fueron", "ha", "haber", "habia",
    "habian", "habido", "habra", "habran", "hacia", "han", "hasta", "hay", "haya", "hayan",
    "he", "hemos", "la", "las", "le", "les", "lo", "los", "mas", "me", "mediante", "mi", "mis",
    "muy", "ni", "no", "nos", "nosotros", "o", "os", "otra", "otras", "otro", "otros", "para",
    "pero", "por", "porque", "pues", "que", "quien", "quienes", "se", "sea", "sean", "segun",
    "ser", "sera", "seran", "seria", "serian", "si", "sido", "siendo", "sin", "sino", "sobre",
    "son", "su", "sus", "tambien", "tampoco", "te", "toda", "todas", "todo", "todos", "tras",
    "tu", "tus", "u", "un", "una", "unas", "unos", "usted", "ustedes", "vosotros", "y", "ya",
    "yo",
};

/* Estonian (et), 114 words, written for acquis: conjunctions, pronouns in
 * their common cases, postpositions (kohta, poolt, jaoks, alusel ...), forms
 * of olema. */
static const char *const et_words[] = {
    "abil", "aga", "ainult", "alla", "alusel", "ees", "eest", "ega", "ei", "enne", "et", "iga",
    "ilma", "ja", "jaoks", "jargi", "juba", "juures", "ka", "kas", "kaudu", "keda", "kelle",
    "kes", "kohaselt", "kohta", "koigi", "koigile", "koik", "koiki", "koos", "kui", "kuid",
    "kuni", "labi", "ma", "me", "meie", "mida", "mille", "millega", "millel", "millele",
    "milles", "millest", "mina", "mis", "mitte", "muu", "muud", "muude", "nad", "need", "neid",
    "neis", "nemad", "nende", "nendele", "nendes", "nendest", "nii", "ning", "ole", "oled",
    "oleks", "olema", "oleme", "olen", "olete", "olevat", "oli", "olid", "olla", "olnud", "oma",
    "on", "parast", "peale", "pole", "poolt", "puhul", "sa", "seal", "sealhulgas", "seas",
    "seda", "see", "selle", "sellega", "selleks", "sellel", "sellele", "selles", "sellest",
    "selline", "sellise", "sellised", "selliste", "sest", "siis", "sina", "suhtes", "ta",
    "taga", "te", "teie", "tema", "ule", "vahel", "vaid", "vastavalt", "vastu", "veel", "voi",
};

/* Finnish (fi), 140 words, written for acquis: conjunctions, the negative
 * verb, pronouns in their common cases (joka, mikä, tämä, se ...),
 * postpositions, forms of olla. */
static const char *const fi_words[] = {
    "aikana", "ei", "eika", "eivat", "eli", "emme", "en", "ennen", "et", "etta", "ette", "han",
    "hanen", "hanta", "he", "heidan", "heita", "ilman", "ja", "jalkeen", "jo", "johon",
    "joiden", "joihin", "joilla", "joille", "joilta", "joina", "joissa", "joista", "joita",
    "joka", "jokainen", "jokaisen", "jokin", "joksi", "jolla", "jolle", "jolta", "jona",
    "jonka", "jos", "jossa", "josta", "jota", "jotka", "jotta", "kaikki", "kaikkia", "kaikkien",
    "kanssa", "kautta", "koska", "kuin", "kun", "lukien", "me", "mihin", "mika", "milla",
    "mille", "milta", "mina", "minka", "missa", "mista", "mita", "mitka", "muiden", "mukaan",
    "mukaisesti", "mutta", "muu", "muut", "myos", "naiden", "naihin", "nailla", "naille",
    "naissa", "naista", "naita", "nama", "ne", "niiden", "niihin", "niilla", "niille", "niissa",
    "niista", "niita", "nuo", "ole", "oli", "olisi", "olisivat", "olivat", "olla", "ollaan",
    "olleet", "ollut", "oma", "omaa", "oman", "omat", "omia", "on", "osalta", "ovat", "se",
    "seka", "sen", "siihen", "siina", "siita", "silla", "sille", "silta", "sina", "sita",
    "tahan", "tai", "talla", "talle", "talta", "tama", "taman", "tana", "tassa", "tasta",
    "tata", "te", "tuo", "vaan", "vai", "vain", "valilla", "varten", "vuoksi", "yli",
};

/* Irish (ga), 118 words, written for acquis: the articles, simple and
 * compound prepositions, prepositional pronouns, conjunctions, pronouns,
 * forms of bí and the copula, and d/b/m of elided d', b', m'. Entries are in
 * their radical form (bí, not bhí): the Irish chain removes initial mutations
 * first. */
static const char *const ga_words[] = {
    "a", "ach", "acu", "ag", "againn", "agam", "agat", "agus", "aici", "aige", "air", "an",
    "ann", "aon", "ar", "arna", "as", "ata", "b", "ba", "beadh", "beidh", "beith", "bi",
    "bionn", "bur", "ce", "cucu", "cuici", "cuig", "cuige", "cun", "d", "da", "dar", "de",
    "den", "di", "diobh", "do", "doibh", "don", "e", "eile", "eisean", "faoi", "faoin",
    "freisin", "fuithi", "futhu", "gach", "gan", "go", "gur", "i", "iad", "idir", "in", "ina",
    "inar", "inti", "iontu", "is", "ise", "le", "lei", "leis", "lena", "lenar", "leo", "m",
    "ma", "maidir", "mar", "me", "mise", "mo", "muid", "mura", "na", "nach", "nar", "ni",
    "nior", "no", "nuair", "o", "oir", "on", "orthu", "os", "raibh", "ris", "roimh", "sa",
    "san", "se", "seachas", "seisean", "seo", "si", "siad", "sibh", "sin", "sinn", "sise",
    "siud", "sna", "ta", "tar", "tri", "tu", "tusa", "uaidh", "uaithi", "uathu", "uirthi", "um",
};

/* Croatian (hr), 195 words, written for acquis: conjunctions, prepositions,
 * pronouns, demonstratives, koji, sav/svaki, forms of biti and the future
 * auxiliary će. */
static const char *const hr_words[] = {
    "a", "ako", "ali", "bez", "bi", "bila", "bile", "bili", "bilo", "bio", "biti", "bude",
    "budu", "ce", "cija", "cije", "ciji", "da", "do", "dok", "ga", "i", "ih", "ili", "im", "iz",
    "izmedu", "izvan", "ja", "je", "jer", "jest", "jesu", "jos", "ju", "k", "ka", "kad", "kada",
    "kako", "kao", "koja", "koje", "kojeg", "kojega", "kojem", "kojemu", "koji", "kojih",
    "kojim", "kojima", "kojoj", "koju", "kroz", "li", "me", "medu", "mi", "na", "nad", "nakon",
    "nama", "nas", "ne", "nego", "ni", "nije", "nisam", "nisu", "niti", "njega", "njegov",
    "njegova", "njegove", "njegovih", "njegovim", "njegovo", "njemu", "njezin", "njezina",
    "njezine", "njezino", "njih", "njihov", "njihova", "njihove", "njihovih", "njihovim",
    "njihovo", "njima", "njoj", "nju", "no", "o", "od", "oko", "on", "ona", "onaj", "one",
    "oni", "onih", "onim", "ono", "onog", "onom", "osim", "ova", "ovaj", "ove", "ovi", "ovih",
    "ovim", "ovo", "ovog", "ovoga", "ovoj", "ovom", "ovome", "ovu", "pa", "po", "pod", "pored",
    "poslije", "pred", "prema", "pri", "prije", "protiv", "putem", "radi", "s", "sa", "sam",
    "samo", "sav", "se", "sebe", "sebi", "si", "smo", "ste", "sto", "su", "sva", "svaka",
    "svake", "svaki", "svako", "svakog", "svakoj", "svakom", "svaku", "sve", "svi", "svih",
    "svim", "svima", "svoj", "svoja", "svoje", "svojeg", "svojega", "svojem", "svoji", "svojih",
    "svojim", "svojom", "svoju", "ta", "taj", "takoder", "te", "ti", "tih", "tijekom", "tim",
    "to", "tog", "toga", "toj", "tom", "tome", "tu", "u", "umjesto", "unutar", "uz", "vama",
    "vas", "vec", "vi", "za", "zbog",
};

/* Hungarian (hu), 124 words, written for acquis: articles, conjunctions,
 * relative and demonstrative pronouns with their common case endings,
 * postpositions, forms of van and lesz. Not őt, which folds to the numeral
 * öt. */
static const char *const hu_words[] = {
    "a", "abban", "abbol", "ahhoz", "ahol", "aki", "akik", "akiket", "akiknek", "akinek",
    "akit", "alatt", "altal", "amellyel", "amely", "amelyben", "amelybol", "amelyek",
    "amelyekben", "amelyeket", "amelyekkel", "amelyeknek", "amelyekre", "amelyektol", "amelyet",
    "amelyhez", "amelynek", "amelyre", "amelyrol", "amelytol", "ami", "amig", "amiket",
    "amikor", "aminek", "amit", "annak", "arra", "arrol", "attol", "az", "azok", "azokat",
    "azokkal", "azoknak", "azon", "azonban", "azt", "azzal", "csak", "de", "e", "ebben",
    "ebbol", "egy", "ehhez", "elott", "en", "ennek", "erre", "es", "ettol", "ez", "ezek",
    "ezekben", "ezeket", "ezekkel", "ezeknek", "ezekre", "ezen", "ezt", "ezzel", "felett", "ha",
    "helyett", "hogy", "illetve", "ilyen", "irant", "is", "keresztul", "kozott", "legyen",
    "legyenek", "lenne", "lennenek", "lesz", "lesznek", "mar", "meg", "mellett", "mert", "mi",
    "miatt", "mindegyik", "minden", "mint", "mivel", "neki", "nekik", "nelkul", "nem", "nincs",
    "nincsenek", "o", "oket", "olyan", "pedig", "reszere", "sem", "soran", "szamara", "szerint",
    "te", "tehat", "ti", "utan", "vagy", "valamennyi", "valamint", "van", "vannak", "volt",
    "voltak",
};

/* Italian (it), 150 words, written for acquis: articles, simple and
 * articulated prepositions (including elided dell', all', nell' ...),
 * conjunctions, pronouns, forms of essere and avere. Not stato/stati (Stato
 * membro). */
static const char *const it_words[] = {
    "a", "abbia", "abbiano", "agli", "ai", "al", "all", "alla", "alle", "allo", "altra",
    "altre", "altri", "altro", "anche", "ancora", "avere", "aveva", "avra", "avuto", "che",
    "chi", "ci", "cio", "coi", "col", "come", "con", "cui", "d", "da", "dagli", "dai", "dal",
    "dall", "dalla", "dalle", "dallo", "degli", "dei", "del", "dell", "della", "delle", "dello",
    "di", "dove", "e", "ed", "era", "erano", "essa", "esse", "essere", "essi", "esso", "fra",
    "gia", "gli", "ha", "hanno", "i", "il", "in", "io", "l", "la", "le", "lei", "lo", "loro",
    "lui", "ma", "mi", "mia", "mio", "ne", "negli", "nei", "nel", "nell", "nella", "nelle",
    "nello", "noi", "non", "nonche", "nostra", "nostro", "o", "od", "ogni", "oppure", "ossia",
    "ovvero", "per", "perche", "piu", "poiche", "quale", "quali", "quando", "quanto", "quegli",
    "quei", "quel", "quella", "quelle", "quelli", "quello", "questa", "queste", "questi",
    "questo", "sara", "saranno", "sarebbe", "se", "si", "sia", "siano", "sono", "su", "sua",
    "sue", "sugli", "sui", "sul", "sull", "sulla", "sulle", "sullo", "suo", "suoi", "tale",
    "tali", "ti", "tra", "tu", "tuo", "tutta", "tutte", "tutti", "tutto", "un", "una", "uno",
    "vi", "voi", "vostro",
};

/* Lithuanian (lt), 134 words, written for acquis: conjunctions, prepositions,
 * pronouns (tas, šis, kuris in their cases), determiners, forms of būti. */
static const char *const lt_words[] = {
    "ant", "apie", "ar", "arba", "as", "be", "bei", "bet", "bus", "buti", "butu", "buvo", "dar",
    "del", "i", "iki", "ir", "is", "ja", "jai", "jam", "jas", "jau", "jei", "jeigu", "ji",
    "jie", "jiems", "jis", "jo", "joms", "jos", "ju", "juos", "jus", "jusu", "kad", "kai",
    "kaip", "kas", "kiekviena", "kiekvienas", "kiekvieno", "kiekvienos", "kokia", "koks",
    "kuri", "kuria", "kuriai", "kuriais", "kuriam", "kuriame", "kurias", "kurie", "kuriems",
    "kurio", "kurioje", "kuriomis", "kurioms", "kurios", "kuris", "kuriu", "kuriuo", "kuriuos",
    "link", "mes", "musu", "ne", "nera", "nes", "net", "nors", "nuo", "o", "pagal", "pas",
    "pat", "per", "po", "prie", "pries", "sau", "save", "savo", "si", "sia", "siais", "siam",
    "siame", "sias", "sie", "siems", "sio", "sioje", "siomis", "sios", "sis", "siu", "siuo",
    "siuos", "su", "ta", "taciau", "tai", "taip", "tam", "tame", "tarp", "tas", "tie", "ties",
    "tik", "to", "toje", "tokia", "tokie", "tokios", "tokiu", "toks", "tos", "tose", "tu",
    "tuo", "tuos", "uz", "virs", "visa", "visas", "visi", "visiems", "visos", "visu", "visus",
    "yra",
};

/* Latvian (lv), 129 words, written for acquis: conjunctions, prepositions,
 * pronouns (tas, šis, kurš in their cases), determiners, forms of būt and the
 * passive auxiliary tikt. */
static const char *const lv_words[] = {
    "aiz", "ap", "ar", "ari", "bet", "bez", "bija", "bus", "but", "butu", "caur", "del", "es",
    "esam", "esat", "esi", "esmu", "gan", "ir", "ja", "jau", "jo", "jus", "jusu", "ka", "kad",
    "kamer", "kas", "katra", "katrai", "katram", "katrs", "katru", "ko", "kura", "kurai",
    "kuram", "kuras", "kuri", "kuriem", "kuros", "kurs", "kuru", "lai", "lidz", "mes", "musu",
    "nav", "ne", "nedz", "no", "pa", "par", "pec", "pie", "pirms", "pret", "prieks", "sa",
    "sai", "saja", "sajas", "sajos", "sam", "sas", "saskana", "sava", "savam", "savas", "savi",
    "saviem", "savos", "savs", "savu", "savus", "sev", "sevi", "si", "sie", "siem", "sim",
    "sis", "so", "starp", "ta", "tacu", "tada", "tadas", "tadi", "tads", "tadu", "tai", "taja",
    "tajas", "tajos", "tam", "tas", "tie", "tiek", "tiem", "tika", "tikai", "tiks", "tikt",
    "tiktu", "tikusi", "to", "tomer", "tostarp", "tu", "un", "uz", "vai", "vel", "vina",
    "vinai", "vinam", "vinas", "vini", "viniem", "vins", "vinu", "virs", "visam", "visas",
    "visi", "visiem", "visu", "zem",
};

/* Maltese (mt), 104 words, written for acquis: the article il/l,
 * conjunctions, prepositions (ta', fi, minn, lil, għal ...), pronouns,
 * demonstratives, forms of kien and the particles se/ser/qed. Articles joined
 * by a hyphen (il-, tal-, fl- ...) never reach this list: the Maltese
 * tokenizer attaches them to their word. */
static const char *const mt_words[] = {
    "ahna", "anki", "b", "bejn", "bhal", "bi", "biex", "billi", "biss", "d", "dak", "dan",
    "dawk", "dawn", "diga", "dik", "din", "dwar", "f", "fejn", "fi", "fost", "fuq", "ghal",
    "ghall", "ghand", "ghax", "go", "hi", "hija", "hu", "huma", "huwa", "ikun", "ikunu", "il",
    "imma", "int", "inti", "intom", "izda", "jekk", "jew", "jien", "jiena", "jkun", "jkunu",
    "kemm", "kien", "kienet", "kienu", "kienx", "kif", "kollha", "kollu", "kontra", "kull",
    "kwalunkwe", "l", "lanqas", "lejn", "li", "liema", "lil", "lill", "ma", "matul", "meta",
    "mhux", "mill", "min", "minflok", "minghajr", "minn", "peress", "permezz", "qabel", "qed",
    "s", "sa", "sabiex", "se", "ser", "skont", "ta", "taghha", "taghhom", "taghkom", "taghna",
    "taht", "tal", "tali", "tieghek", "tieghi", "tieghu", "tkun", "u", "ukoll", "w", "wara",
    "wkoll", "x", "xejn", "xi",
};

/* Dutch (nl), 131 words, written for acquis: articles, conjunctions,
 * prepositions, pronominal adverbs (daarvan, waarin ...), pronouns, forms of
 * zijn, hebben, worden and zullen. */
static const char *const nl_words[] = {
    "aan", "al", "alle", "als", "ander", "andere", "ben", "bent", "bij", "binnen", "buiten",
    "daar", "daarbij", "daarin", "daarmee", "daarop", "daarvan", "dan", "dat", "de",
    "dergelijke", "deze", "die", "dit", "door", "dus", "een", "elk", "elke", "en", "er", "erin",
    "erop", "ervan", "ervoor", "geen", "gehad", "geweest", "geworden", "haar", "had", "hadden",
    "hebben", "heeft", "hem", "hen", "het", "hier", "hierin", "hiervan", "hij", "hoewel", "hun",
    "ieder", "iedere", "ik", "in", "indien", "inzake", "is", "je", "jij", "jouw", "jullie",
    "maar", "me", "met", "mij", "mijn", "na", "naar", "niet", "nog", "of", "om", "omdat",
    "onder", "ons", "onze", "ook", "op", "over", "per", "sinds", "t", "te", "tegen", "terwijl",
    "tijdens", "tot", "tussen", "u", "uit", "uw", "van", "via", "volgens", "voor", "waar",
    "waarbij", "waarin", "waarmee", "waarop", "waarvan", "wanneer", "want", "waren", "was",
    "wat", "we", "wel", "welk", "welke", "werd", "werden", "wie", "wij", "worden", "wordt",
    "zal", "ze", "zeer", "zich", "zij", "zijn", "zo", "zodat", "zonder", "zou", "zouden",
    "zullen",
};

/* Polish (pl), 152 words, written for acquis: conjunctions, prepositions,
 * pronouns (third person in their cases), który, każdy, wszystek, forms of
 * być. Not `co`, for the same reason as in Czech. */
static const char *const pl_words[] = {
    "a", "aby", "albo", "ale", "ani", "beda", "bedzie", "bez", "bo", "by", "byc", "byl", "byla",
    "bylby", "byli", "bylo", "byloby", "byly", "ci", "czy", "dla", "do", "gdy", "gdyz", "go",
    "i", "ich", "im", "ja", "jaka", "jaki", "jakie", "jednak", "jego", "jej", "jemu", "jesli",
    "jest", "jeszcze", "jezeli", "juz", "kazda", "kazde", "kazdego", "kazdej", "kazdy",
    "kazdym", "kiedy", "kto", "ktora", "ktore", "ktorego", "ktorej", "ktoremu", "ktory",
    "ktorych", "ktorym", "ktorymi", "ku", "lecz", "lub", "mi", "miedzy", "mu", "my", "na",
    "nad", "nam", "nami", "nas", "nasz", "nia", "nich", "nie", "niech", "niego", "niej",
    "niemu", "nim", "nimi", "o", "od", "on", "ona", "one", "oni", "ono", "oraz", "po", "pod",
    "poniewaz", "poza", "przed", "przez", "przy", "rowniez", "sa", "sie", "siebie", "soba",
    "sobie", "swa", "swoich", "swoim", "swoimi", "swoj", "swoja", "swoje", "swojego", "swojej",
    "swych", "swym", "ta", "taka", "taki", "takich", "takie", "takim", "takze", "te", "tego",
    "tej", "temu", "ten", "tez", "to", "ty", "tych", "tylko", "tym", "tymi", "u", "w", "wam",
    "wami", "was", "we", "wedlug", "wiec", "wobec", "wsrod", "wszyscy", "wszystkich",
    "wszystkie", "wszystko", "wy", "z", "za", "zatem", "ze", "zeby", "zgodnie",
};

/* Portuguese (pt), 134 words, written for acquis: articles, prepositions and
 * their contractions (do, na, pelo, à ...), conjunctions, pronouns, forms of
 * ser, ter, haver and está/estão. */
static const char *const pt_words[] = {
    "a", "ainda", "ante", "ao", "aos", "apos", "aquela", "aquelas", "aquele", "aqueles",
    "aquilo", "as", "ate", "cada", "com", "como", "contra", "cuja", "cujas", "cujo", "cujos",
    "da", "das", "de", "desde", "do", "dos", "dum", "duma", "e", "ela", "elas", "ele", "eles",
    "em", "embora", "entre", "era", "eram", "essa", "essas", "esse", "esses", "esta", "estao",
    "estas", "este", "estes", "eu", "foi", "foram", "ha", "haja", "haver", "havia", "isso",
    "isto", "ja", "lhe", "lhes", "mais", "mas", "me", "meu", "minha", "muito", "na", "nao",
    "nas", "nem", "no", "nos", "nossa", "nosso", "num", "numa", "o", "onde", "os", "ou",
    "outra", "outras", "outro", "outros", "para", "pela", "pelas", "pelo", "pelos", "perante",
    "pois", "por", "porque", "quais", "qual", "quando", "que", "quem", "sao", "se", "seja",
    "sejam", "sem", "sendo", "ser", "sera", "serao", "seu", "seus", "sido", "so", "sobre",
    "sua", "suas", "tambem", "te", "tem", "tenha", "tenham", "ter", "tera", "tido", "tinha",
    "toda", "todas", "todo", "todos", "tu", "um", "uma", "umas", "uns", "voce", "vos",
};

/* Romanian (ro), 149 words, written for acquis: conjunctions, prepositions,
 * the genitive and indefinite articles (al, a, ai, ale, un, o ...), pronouns,
 * demonstratives, forms of fi and avea and the auxiliaries va/vor/ar. */
static const char *const ro_words[] = {
    "a", "acea", "aceasta", "aceea", "acei", "aceia", "acel", "acela", "acele", "acelea",
    "acelei", "acelor", "acelui", "acest", "acesta", "aceste", "acestea", "acestei", "acesti",
    "acestia", "acestor", "acestui", "ai", "al", "ale", "alt", "alta", "alte", "alti", "altor",
    "am", "ar", "are", "astfel", "asupra", "ati", "au", "avea", "aveau", "avut", "ca", "cand",
    "care", "carei", "caror", "carui", "catre", "ce", "cea", "ceea", "cei", "cel", "cele",
    "celei", "celor", "celui", "ci", "cine", "conform", "cu", "cum", "daca", "dar", "de",
    "deja", "deoarece", "despre", "din", "doar", "dupa", "ea", "ei", "el", "ele", "era", "erau",
    "este", "eu", "fara", "fi", "fie", "fiecare", "fiecarei", "fiecarui", "fiind", "fiindca",
    "fost", "iar", "ii", "il", "in", "inca", "inclusiv", "insa", "intre", "la", "le", "li",
    "lor", "lui", "ma", "mai", "mea", "meu", "mi", "ne", "nici", "niste", "noastra", "noi",
    "nostru", "nu", "numai", "o", "ori", "oricare", "orice", "pana", "pe", "peste", "precum",
    "prin", "privind", "sa", "sai", "sale", "sau", "se", "si", "spre", "sub", "sunt", "te",
    "ti", "toata", "toate", "tot", "toti", "tu", "tuturor", "un", "unde", "unei", "unor",
    "unui", "va", "vi", "voi", "vor",
};

/* Slovak (sk), 167 words, written for acquis: conjunctions, prepositions,
 * pronouns (third person in every case), ktorý, každý, všetok, forms of byť.
 * Not `čo`, which folds to co. */
static const char *const sk_words[] = {
    "a", "aby", "aj", "ak", "aka", "ake", "ako", "aky", "ale", "alebo", "ani", "bez", "bol",
    "bola", "boli", "bolo", "bude", "budu", "by", "byt", "cez", "ci", "do", "este", "ho", "i",
    "iba", "ich", "im", "ja", "je", "jeho", "jej", "jemu", "ju", "k", "kazda", "kazde",
    "kazdeho", "kazdemu", "kazdom", "kazdy", "keby", "ked", "kto", "ktora", "ktore", "ktoreho",
    "ktoremu", "ktori", "ktorom", "ktorou", "ktoru", "ktory", "ktorych", "ktorym", "ktorymi",
    "ku", "lebo", "len", "medzi", "mi", "mu", "my", "na", "nad", "nam", "nami", "nas", "nej",
    "nich", "nie", "nim", "nimi", "nom", "nu", "o", "od", "okrem", "on", "ona", "oni", "ono",
    "ony", "po", "pocas", "pod", "podla", "pokial", "pre", "pred", "preto", "pretoze", "pri",
    "prostrednictvom", "proti", "s", "sa", "seba", "sebe", "sebou", "si", "sme", "so", "som",
    "ste", "su", "svoj", "svoja", "svoje", "svojho", "svojich", "svojim", "svojimi", "svojmu",
    "svojom", "svojou", "svoju", "ta", "tato", "teda", "tej", "tejto", "ten", "tento", "ti",
    "tie", "tieto", "tiez", "tito", "to", "toho", "tohto", "tom", "tomto", "tomu", "toto",
    "tou", "touto", "tu", "tuto", "ty", "tych", "tychto", "tym", "tymi", "tymito", "tymto", "u",
    "uz", "v", "vam", "vami", "vas", "vo", "voci", "vratane", "vsak", "vsetci", "vsetko",
    "vsetky", "vsetkych", "vy", "z", "za", "ze", "zo",
};

/* Slovene (sl), 163 words, written for acquis: conjunctions, prepositions,
 * pronouns, ki/kateri, vsak, forms of biti and the particle naj. */
static const char *const sl_words[] = {
    "a", "ali", "ampak", "bi", "bil", "bila", "bile", "bili", "bilo", "biti", "bo", "bodo",
    "bom", "brez", "ce", "da", "do", "ga", "glede", "h", "in", "iz", "jaz", "je", "ji", "jih",
    "jim", "jo", "k", "kadar", "kaj", "kar", "katera", "katere", "katerega", "katerem",
    "kateremu", "kateri", "katerih", "katerim", "katerimi", "katero", "kdo", "ker", "ki", "ko",
    "kot", "le", "me", "med", "mi", "mu", "na", "nad", "naj", "nam", "namesto", "nami", "nas",
    "ne", "ni", "niso", "niti", "nje", "njega", "njegov", "njegova", "njegovo", "njej", "njemu",
    "njen", "njena", "njeno", "njih", "njihov", "njihova", "njihovo", "njim", "njo", "o", "od",
    "okoli", "on", "ona", "one", "oni", "ono", "pa", "po", "pod", "poleg", "pred", "prek",
    "preko", "pri", "proti", "razen", "s", "saj", "samo", "se", "sebe", "sebi", "seboj", "sem",
    "si", "sicer", "skozi", "smo", "so", "sta", "ste", "sva", "svoj", "svoja", "svoje",
    "svojega", "svojem", "svojemu", "svoji", "svojih", "svojim", "svojimi", "svojo", "ta",
    "tako", "te", "tega", "teh", "tej", "tem", "temi", "temu", "ter", "ti", "tista", "tistega",
    "tisti", "tisto", "to", "toda", "tudi", "v", "vam", "vami", "vas", "vendar", "vi",
    "vkljucno", "vsak", "vsaka", "vsakega", "vsakem", "vsako", "vse", "vseh", "vsem", "vsemi",
    "vsi", "z", "za", "zaradi", "ze",
};

/* Swedish (sv), 107 words, written for acquis: conjunctions, prepositions,
 * pronouns, determiners, forms of vara, ha and bli; not the modals ska/skall,
 * kan, bör. är folds to ar, the same term as år: folding merges them whatever
 * the list says. */
static const char *const sv_words[] = {
    "all", "alla", "allt", "an", "andra", "annan", "annat", "antingen", "ar", "att", "av",
    "bade", "bland", "blev", "bli", "blir", "blivit", "da", "dar", "de", "dem", "den", "denna",
    "deras", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "efter",
    "eller", "en", "enligt", "er", "ett", "for", "fran", "genom", "hade", "haft", "han", "hans",
    "har", "hen", "henne", "hennes", "hon", "honom", "hos", "hur", "i", "inga", "ingen",
    "inget", "innan", "inom", "inte", "jag", "med", "mellan", "men", "mig", "min", "mina",
    "mitt", "mot", "nagon", "nagot", "nagra", "nar", "ni", "och", "ocksa", "om", "oss", "over",
    "pa", "sa", "samt", "sedan", "sig", "sin", "sina", "sitt", "som", "till", "under", "utan",
    "utom", "vad", "var", "vara", "varit", "varje", "varken", "vars", "vart", "vem", "vi",
    "vid", "vilka", "vilken", "vilket",
};

#define LIST(code) {#code, {code##_words, sizeof code##_words / sizeof code##_words[0]}}
static const struct {
    const char *code;
    acq_stoplist list;
} lists[] = {
    LIST(bg), LIST(cs), LIST(da), LIST(de), LIST(el), LIST(en), LIST(es), LIST(et),
    LIST(fi), LIST(fr), LIST(ga), LIST(hr), LIST(hu), LIST(it), LIST(lt), LIST(lv),
    LIST(mt), LIST(nl), LIST(pl), LIST(pt), LIST(ro), LIST(sk), LIST(sl), LIST(sv),
};

const acq_stoplist *acq_stoplist_for(const char *code)
{
    if (code == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(lists[i].code, code) == 0)
            return &lists[i].list;
    return NULL;
}

int acq_stoplist_has(const acq_stoplist *l, const char *w, size_t n)
{
    if (l == NULL)
        return 0;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *s = l->words[mid];
        /* strcmp order of s against the unterminated w[0..n). */
        size_t k = strlen(s);
        int c = memcmp(s, w, k < n ? k : n);
        if (c == 0)
            c = k < n ? -1 : k > n ? 1 : 0;
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
