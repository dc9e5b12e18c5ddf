/* tree.c: query tree nodes (query.h): allocation, acq_query_free and the
 * canonical debug form printed by acq_query_format. The parser (parser.c)
 * decides what the tree means; this file only builds, frees and prints. */
#include "query/tree.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "segment/format.h"

acq_qnode *acq_qnode_new(acq_qkind kind, int field, uint32_t column)
{
    acq_qnode *q = acq_calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    q->kind = kind;
    q->occur = ACQ_SHOULD;
    q->field = field;
    q->column = column;
    return q;
}

void acq_qnode_free_shell(acq_qnode *q)
{
    if (q == NULL)
        return;
    for (size_t i = 0; i < q->nterms; i++)
        acq_free(q->terms[i]);
    acq_free(q->terms);
    acq_free(q->positions);
    acq_free(q->kids);
    if (q->concept) {
        acq_free(q->concept->label);
        acq_free(q->concept->weights);
        acq_free(q->concept);
    }
    acq_free(q);
}

void acq_qnode_clear_kids(acq_qnode *q)
{
    for (size_t i = 0; i < q->nkids; i++)
        acq_query_free(q->kids[i]);
    acq_free(q->kids);
    q->kids = NULL;
    q->nkids = 0;
}

/* Recursion is bounded: the parser caps nesting (MAX_DEPTH in parser.c),
 * and every level of a tree comes from one level of nesting in the query. */
void acq_query_free(acq_qnode *q)
{
    if (q == NULL)
        return;
    acq_qnode_clear_kids(q);
    acq_qnode_free_shell(q);
}

static const char *field_name(int field)
{
    switch (field) {
    case ACQ_FIELD_BODY: return "body";
    case ACQ_FIELD_TITLE: return "title";
    case ACQ_FIELD_ID: return "id";
    case ACQ_FIELD_CELEX: return "celex";
    case ACQ_FIELD_TYPE: return "type";
    case ACQ_FIELD_LANG: return "lang";
    default: return NULL;
    }
}

static void put_field(acq_buf *out, int field)
{
    const char *name = field_name(field);
    if (name)
        acq_buf_printf(out, "%s:", name);
    else
        acq_buf_printf(out, "field%d:", field);
}

static void format_node(const acq_qnode *q, acq_buf *out)
{
    if (q == NULL) {
        acq_buf_puts(out, "<null>");
        return;
    }
    switch (q->occur) {
    case ACQ_MUST: acq_buf_putc(out, '+'); break;
    case ACQ_MUST_NOT: acq_buf_putc(out, '-'); break;
    case ACQ_FILTER: acq_buf_putc(out, '#'); break;
    default: break;
    }
    switch (q->kind) {
    case ACQ_Q_TERM:
    case ACQ_Q_PREFIX:
        put_field(out, q->field);
        acq_buf_puts(out, q->nterms > 0 && q->terms[0] ? q->terms[0] : "");
        if (q->kind == ACQ_Q_PREFIX)
            acq_buf_putc(out, '*');
        break;
    case ACQ_Q_PHRASE:
        /* A '?' stands for each position between terms that no term takes
         * (a stopword in the query), as Lucene prints it. */
        put_field(out, q->field);
        acq_buf_putc(out, '"');
        for (size_t i = 0; i < q->nterms; i++) {
            if (i > 0) {
                acq_buf_putc(out, ' ');
                if (q->positions) {
                    for (uint32_t g = q->positions[i - 1] + 1; g < q->positions[i] && g - q->positions[i - 1] < 64; g++)
                        acq_buf_puts(out, "? ");
                }
            }
            acq_buf_puts(out, q->terms[i] ? q->terms[i] : "");
        }
        acq_buf_putc(out, '"');
        if (q->slop > 0)
            acq_buf_printf(out, "~%u", q->slop);
        break;
    case ACQ_Q_DATE:
        acq_buf_puts(out, "date:[");
        if (q->date_from <= ACQ_QDATE_OPEN_FROM)
            acq_buf_putc(out, '*');
        else
            acq_buf_printf(out, "%08u", q->date_from);
        acq_buf_puts(out, " TO ");
        if (q->date_to >= ACQ_QDATE_OPEN_TO)
            acq_buf_putc(out, '*');
        else
            acq_buf_printf(out, "%08u", q->date_to);
        acq_buf_putc(out, ']');
        break;
    case ACQ_Q_BOOL:
        /* A concept: {label: kid^weight ...}, the best kid scores. */
        if (q->concept)
            acq_buf_printf(out, "{%s:", q->concept->label ? q->concept->label : "");
        acq_buf_putc(out, q->concept ? ' ' : '(');
        for (size_t i = 0; i < q->nkids; i++) {
            if (i > 0)
                acq_buf_putc(out, ' ');
            format_node(q->kids[i], out);
            if (q->concept && q->concept->weights && q->concept->weights[i] != 1.0)
                acq_buf_printf(out, "^%g", q->concept->weights[i]);
        }
        acq_buf_putc(out, q->concept ? '}' : ')');
        break;
    case ACQ_Q_NONE:
        acq_buf_puts(out, "<none>");
        break;
    default:
        acq_buf_printf(out, "<kind %d>", (int)q->kind);
        break;
    }
}

void acq_query_format(const acq_qnode *q, acq_buf *out)
{
    format_node(q, out);
}
