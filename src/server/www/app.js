// app.js: the search page of acquis serve. Everything shown comes from the
// JSON API and is put into the page as text (textContent, text nodes),
// never as markup: document text is untrusted. The state lives in the URL
// (?q=...&type=...&from=...&to=...&lang=...&expand=0&page=N, or
// ?doc=ID&q=...), so a
// search can be bookmarked, shared, and walked with Back and Forward.
'use strict';
(function () {
  const PAGE = 10;
  const $ = (id) => document.getElementById(id);
  const enc = new TextEncoder(), dec = new TextDecoder();
  const FILTERS = ['type', 'from', 'to', 'lang'];

  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    if (props) for (const k in props) {
      if (k === 'text') e.textContent = props[k];
      else if (k === 'class') e.className = props[k];
      else e.setAttribute(k, props[k]);
    }
    for (const c of kids) if (c != null) e.append(c);
    return e;
  }

  // text with the byte ranges [start, end) of matches (UTF-8 offsets, as
  // the API gives them) wrapped in <mark>, appended to parent as text.
  function highlight(parent, text, matches) {
    const bytes = enc.encode(text || '');
    let at = 0;
    for (const [s, e] of matches || []) {
      if (s < at || e > bytes.length || s >= e) continue;
      parent.append(dec.decode(bytes.subarray(at, s)));
      parent.append(el('mark', { text: dec.decode(bytes.subarray(s, e)) }));
      at = e;
    }
    parent.append(dec.decode(bytes.subarray(at)));
    return parent;
  }

  // Only http(s) links from documents: never javascript: or data:.
  function safeUrl(u) {
    try {
      const url = new URL(u);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) { return null; }
  }

  function state() {
    const p = new URLSearchParams(location.search);
    const s = { q: p.get('q') || '', doc: p.get('doc'), page: Math.max(1, parseInt(p.get('page') || '1', 10) || 1) };
    for (const f of FILTERS) s[f] = p.get(f) || '';
    s.expand = p.get('expand') !== '0'; // act names and numbers expanded
    return s;
  }

  function urlOf(s) {
    const p = new URLSearchParams();
    if (s.doc) p.set('doc', s.doc);
    if (s.q) p.set('q', s.q);
    for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
    if (s.expand === false) p.set('expand', '0');
    if (!s.doc && s.page > 1) p.set('page', String(s.page));
    const qs = p.toString();
    return qs ? '/?' + qs : '/';
  }

  function go(s) {
    history.pushState(null, '', urlOf(s));
    render();
  }

  function setStatus(text, error) {
    const st = $('status');
    st.textContent = text;
    st.className = error ? 'error' : '';
  }

  async function api(path) {
    const r = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await r.json(); } catch (e) { /* not JSON */ }
    if (!r.ok) {
      const err = body && body.error ? body.error : { message: 'HTTP ' + r.status };
      throw Object.assign(new Error(err.message), { column: err.column, status: r.status });
    }
    return body;
  }

  function meta(d) {
    const m = el('div', { class: 'meta' });
    if (d.date) m.append(el('span', { text: d.date }));
    if (d.type) m.append(el('span', { text: d.type }));
    if (d.celex) {
      const href = d.url && safeUrl(d.url);
      m.append(href ? el('a', { href, rel: 'noopener noreferrer', target: '_blank', text: 'CELEX ' + d.celex + ' (EUR-Lex)' })
                    : el('span', { text: 'CELEX ' + d.celex }));
    } else if (d.url && safeUrl(d.url)) {
      m.append(el('a', { href: safeUrl(d.url), rel: 'noopener noreferrer', target: '_blank', text: 'source' }));
    }
    if (d.lang) m.append(el('span', { text: d.lang }));
    return m;
  }

  function facetList(name, label, facet, s) {
    if (!facet || !facet.values.length) return null;
    const ul = el('ul');
    for (const [value, count] of facet.values) {
      const filter = name === 'year' ? 'from' : name;
      const active = name === 'year' ? s.from === value && s.to === value : s[filter] === value;
      const b = el('button', { type: 'button', class: active ? 'active' : '', text: value });
      b.addEventListener('click', () => {
        const n = Object.assign({}, s, { page: 1 });
        if (name === 'year') { n.from = active ? '' : value; n.to = active ? '' : value; }
        else n[name] = active ? '' : value;
        go(n);
      });
      ul.append(el('li', null, b, el('span', { text: String(count) })));
    }
    return el('div', null, el('h3', { text: label }), ul);
  }

  function fillDatalist(id, facet) {
    const dl = $(id);
    dl.replaceChildren();
    if (facet) for (const [v] of facet.values) dl.append(el('option', { value: v }));
  }

  async function showResults(s) {
    $('doc-view').hidden = true;
    $('results-view').hidden = false;
    $('results').replaceChildren();
    $('pager').replaceChildren();
    $('facets').replaceChildren();
    if (!s.q) { setStatus(''); $('help').hidden = false; return; }
    $('help').hidden = true;
    setStatus('Searching…');
    const p = new URLSearchParams({ q: s.q, k: String(PAGE), offset: String((s.page - 1) * PAGE), count: '1',
                                    facets: 'type,year,lang', facet_limit: '12' });
    for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
    if (!s.expand) p.set('expand', '0');
    let r;
    try { r = await api('/api/search?' + p); } catch (e) {
      setStatus(e.column ? e.message + ' (at column ' + e.column + ' of the query)' : e.message, true);
      if (e.column) { const q = $('q'); q.focus(); q.setSelectionRange(e.column - 1, e.column); }
      return;
    }
    if (urlOf(state()) !== urlOf(s)) return; // a newer search replaced this one
    const first = r.offset + 1, last = r.offset + r.hits.length;
    setStatus(r.total === 0 ? 'No documents match.' :
              r.hits.length === 0 ? 'No more results: ' + r.total + ' documents match.' :
              'Results ' + first + '–' + last + ' of ' + r.total + ' (' + r.took_ms.toFixed(1) + ' ms)');
    for (const h of r.hits) {
      const a = el('a', { class: 'title', href: urlOf({ doc: h.id, q: s.q, expand: s.expand }) }, h.title || h.id);
      a.addEventListener('click', (ev) => { if (!ev.ctrlKey && !ev.metaKey && !ev.shiftKey) { ev.preventDefault(); go({ doc: h.id, q: s.q, expand: s.expand }); } });
      const li = el('li', null, a, meta(h));
      if (h.snippet) li.append(highlight(el('p', { class: 'snippet' }), h.snippet, h.matches));
      $('results').append(li);
    }
    const f = r.facets || {};
    for (const [name, label] of [['type', 'Type'], ['year', 'Year'], ['lang', 'Language']]) {
      const part = facetList(name, label, f[name], s);
      if (part) $('facets').append(part);
    }
    fillDatalist('types', f.type);
    fillDatalist('langs', f.lang);
    const prev = el('button', { type: 'button', text: '← Previous' });
    const next = el('button', { type: 'button', text: 'Next →' });
    if (s.page <= 1) prev.setAttribute('disabled', '');
    if (last >= r.total || r.hits.length < PAGE) next.setAttribute('disabled', '');
    prev.addEventListener('click', () => go(Object.assign({}, s, { page: s.page - 1 })));
    next.addEventListener('click', () => go(Object.assign({}, s, { page: s.page + 1 })));
    $('pager').append(prev, el('span', { text: 'Page ' + s.page }), next);
  }

  async function showDoc(s) {
    $('results-view').hidden = true;
    $('help').hidden = true;
    const v = $('doc-view');
    v.hidden = false;
    v.replaceChildren();
    setStatus('Loading…');
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    let d;
    try { d = await api('/api/doc/' + encodeURIComponent(s.doc) + (s.q ? '?' + p : '')); } catch (e) {
      setStatus(e.status === 404 ? 'No document has the id ' + s.doc + '.' : e.message, true);
      return;
    }
    const back = el('button', { type: 'button', class: 'link', text: '← Back to the results' });
    back.addEventListener('click', () => history.length > 1 ? history.back() : go({ q: s.q }));
    const n = (d.matches || []).length;
    setStatus(s.q ? n + ' match' + (n === 1 ? '' : 'es') + ' of the query in the text' + (n ? ' (n: next)' : '') : '');
    const dl = el('dl');
    const add = (k, val) => { if (val) dl.append(el('dt', { text: k }), el('dd', { text: val })); };
    add('Id', d.id);
    for (const [name, values] of Object.entries(d.fields || {})) add(name, values.join(', '));
    v.append(back, highlight(el('h1'), d.title || d.id, d.title_matches), meta(d), dl);
    const links = el('div', { id: 'links' });
    v.append(links, highlight(el('div', { class: 'text' }), d.text, d.matches));
    document.title = (d.title || d.id) + ' – acquis';
    if (d.celex) showLinks(links, d.celex, s);
  }

  // A link to the search for query q, opened in the page.
  function searchLink(q, text, s) {
    const n = { q, page: 1, expand: s.expand };
    const a = el('a', { href: urlOf(n), text });
    a.addEventListener('click', (ev) => { if (!ev.ctrlKey && !ev.metaKey && !ev.shiftKey) { ev.preventDefault(); go(n); } });
    return a;
  }

  // What the act cites and what cites it (GET /api/cites, /api/cited-by),
  // each act a link to a search for its documents. Quietly nothing when
  // the index has no citations or the CELEX names no act.
  async function showLinks(box, celex, s) {
    const K = 20;
    for (const [path, key, label] of [['cites', 'cites', 'Cites'], ['cited-by', 'cited_by', 'Cited by']]) {
      let r;
      try { r = await api('/api/' + path + '/' + encodeURIComponent(celex) + '?k=' + K); } catch (e) { continue; }
      if (state().doc !== s.doc || !r[key] || !r[key].length) continue;
      const ul = el('ul');
      for (const a of r[key]) {
        const name = a.name || a.title || a.celex;
        ul.append(el('li', null, searchLink('celex:' + a.celex, name, s),
                     el('span', { class: 'count', text: ' ' + a.celex + (a.date ? ', ' + a.date : '') + ' (' + a.count + ')' })));
      }
      const head = el('h2', { text: label + ' ' + r.total + ' act' + (r.total === 1 ? '' : 's') });
      const part = el('section', { class: 'links ' + path }, head, ul);
      if (path === 'cited-by') part.append(el('p', null, searchLink('cites:' + r.act, 'All documents citing ' + r.act, s)));
      else if (r.total > K) part.append(el('p', { text: 'and ' + (r.total - K) + ' more' }));
      box.append(part);
    }
  }

  function render() {
    const s = state();
    $('q').value = s.q;
    for (const f of FILTERS) $(f).value = s[f];
    $('expand').checked = s.expand;
    if (FILTERS.some((f) => s[f]) || !s.expand) $('filters').open = true;
    document.title = s.q ? s.q + ' – acquis' : 'acquis: search EU justice and home affairs law';
    current = -1;
    return s.doc ? showDoc(s) : showResults(s);
  }

  let current = -1; // the result or match chosen with j/k or n
  function move(items, step, cls) {
    if (!items.length) return;
    if (current >= 0 && items[current]) items[current].classList.remove(cls);
    current = Math.min(items.length - 1, Math.max(0, current + step));
    items[current].classList.add(cls);
    items[current].scrollIntoView({ block: 'center' });
    const a = items[current].querySelector('a');
    if (a) a.focus();
  }

  document.addEventListener('keydown', (ev) => {
    const typing = ev.target instanceof HTMLInputElement;
    if (ev.key === 'Escape') {
      if (typing) { ev.target.blur(); return; }
      if (state().doc) history.back();
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === '/') { ev.preventDefault(); $('q').focus(); $('q').select(); }
    else if (!$('results-view').hidden && (ev.key === 'j' || ev.key === 'k'))
      move([...document.querySelectorAll('#results > li')], ev.key === 'j' ? 1 : -1, 'current');
    else if (!$('doc-view').hidden && ev.key === 'n') {
      const marks = [...document.querySelectorAll('#doc-view .text mark')];
      if (current >= marks.length - 1) current = -1;
      move(marks, 1, 'current');
    }
  });

  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const s = { q: $('q').value.trim(), page: 1, expand: $('expand').checked };
    for (const f of FILTERS) s[f] = $(f).value.trim();
    go(s);
  });
  $('expand').addEventListener('change', () => { if ($('q').value.trim()) $('search').requestSubmit(); });
  for (const f of FILTERS) $(f).addEventListener('change', () => { if ($('q').value.trim()) $('search').requestSubmit(); });
  $('clear').addEventListener('click', () => go({ q: $('q').value.trim(), page: 1, expand: true }));
  window.addEventListener('popstate', render);
  render();
})();
