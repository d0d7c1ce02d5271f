/* align review: the page's behaviour, shared by the review server and the
 * static HTML report. Everything from a report or a document reaches the
 * page through textContent, never as markup. */
(function () {
  'use strict';

  var MODE = document.body.dataset.mode;          // "server" or "static"
  var tokenMeta = document.querySelector('meta[name="align-token"]');
  var TOKEN = tokenMeta ? tokenMeta.getAttribute('content') : '';
  var FILTER_KEYS = ['category', 'severity', 'rule', 'doc', 'decision'];
  var COLOURS = {
    untranslated: '#ffd54f', garbled: '#f48fb1', number: '#80deea', encoding: '#ce93d8',
    pinyin_annotation: '#a5d6a7', punctuation: '#ffab91', input_error: '#e0e0e0',
    omission: '#ef9a9a', addition: '#90caf9', mistranslation: '#f8bbd0',
    number_mismatch: '#b2ebf2', terminology: '#c5e1a5'
  };
  var SPARE = ['#ffe082', '#b39ddb', '#80cbc4', '#bcaaa4', '#e6ee9c', '#9fa8da'];

  // rows: every finding; shown: those the filters let through (highlighted
  // in the documents); items: the list's entries, one per shown finding, or
  // one per group of repeats (same rule, text and suggestion, in one
  // document or in the run) when grouping is on. cur indexes items.
  var S = { rows: [], texts: {}, errors: {}, shown: [], items: [], cur: -1, undo: [],
            viewKey: null, quality: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function colour(cat) {
    if (Object.prototype.hasOwnProperty.call(COLOURS, cat)) { return COLOURS[cat]; }
    var h = 0;
    for (var i = 0; i < cat.length; i++) { h = (h * 31 + cat.charCodeAt(i)) >>> 0; }
    return SPARE[h % SPARE.length];
  }
  function status(msg) { $('status').textContent = msg || ''; }

  // -- talking to the server ------------------------------------------------
  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    });
  }
  function post(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Align-Token': TOKEN },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { throw new Error(j.error || String(r.status)); }
        return j;
      });
    });
  }

  function loadText(doc) {
    if (Object.prototype.hasOwnProperty.call(S.texts, doc) || S.errors[doc]) {
      return Promise.resolve();
    }
    if (MODE !== 'server') { S.errors[doc] = 'text not included'; return Promise.resolve(); }
    return getJSON('/api/doc?doc=' + encodeURIComponent(doc)).then(function (j) {
      if (typeof j.text === 'string') { S.texts[doc] = j.text; } else { S.errors[doc] = j.error || 'unreadable'; }
    });
  }

  // -- filters and the list -------------------------------------------------
  function value(row, key) { return key === 'decision' ? (row.decision || 'undecided') : row[key]; }

  function buildFilters() {
    FILTER_KEYS.forEach(function (key) {
      var sel = $('f-' + key);
      var seen = {};
      var vals = key === 'decision' ? ['undecided', 'accepted', 'rejected', 'corrected'] : [];
      S.rows.forEach(function (r) { var v = value(r, key); if (!seen[v]) { seen[v] = 1; if (key !== 'decision') { vals.push(v); } } });
      if (key !== 'doc') { vals.sort(); }
      vals.forEach(function (v) { var o = el('option', null, v); o.value = v; sel.appendChild(o); });
      sel.addEventListener('change', function () { applyFilters(true); });
    });
    var legend = $('legend');
    var cats = {};
    S.rows.forEach(function (r) { cats[r.category] = 1; });
    Object.keys(cats).sort().forEach(function (c) {
      var chip = el('span', 'chip', c);
      chip.style.backgroundColor = colour(c);
      legend.appendChild(chip);
    });
  }

  function passes(row) {
    for (var i = 0; i < FILTER_KEYS.length; i++) {
      var want = $('f-' + FILTER_KEYS[i]).value;
      if (want && value(row, FILTER_KEYS[i]) !== want) { return false; }
    }
    return true;
  }

  // Repeats: the same rule, flagged text and suggestion, in one document
  // ("doc") or anywhere in the run ("run"); or every finding of a rule, in
  // one document ("rule-doc") or the run ("rule").
  function groupKey(r, mode) {
    var inDoc = mode === 'doc' || mode === 'rule-doc';
    var what = mode === 'doc' || mode === 'run' ? '\u001f' + r.text + '\u001f' + r.suggestion : '';
    return (inDoc ? r.doc : '') + '\u001f' + r.rule + what;
  }

  // The distinct values of a field over a group's findings, as one cell.
  function distinct(item, key) {
    var seen = {}, out = [];
    item.rows.forEach(function (r) { if (!seen[r[key]]) { seen[r[key]] = 1; out.push(r[key]); } });
    return out.join(' · ');
  }

  function buildItems() {
    var mode = $('f-group').value;
    if (!mode) { return S.shown.map(function (r) { return { rows: [r], row: r }; }); }
    var byKey = {}, items = [];
    S.shown.forEach(function (r) {
      var key = groupKey(r, mode);
      var item = byKey[key];
      if (!item) { item = byKey[key] = { rows: [], row: r }; items.push(item); }
      item.rows.push(r);
    });
    return items;
  }

  function docsOf(item) {
    var seen = {}, docs = [];
    item.rows.forEach(function (r) { if (!seen[r.doc]) { seen[r.doc] = 1; docs.push(r.doc); } });
    return docs;
  }

  // What an item's decision cell says: the decision its findings share, or
  // how many have which.
  function decisionOf(item) {
    var counts = {}, keys = [];
    item.rows.forEach(function (r) {
      var d = r.decision || 'undecided';
      if (!counts[d]) { counts[d] = 0; keys.push(d); }
      counts[d]++;
    });
    if (keys.length === 1) { return keys[0] === 'undecided' ? '' : keys[0]; }
    return keys.sort().map(function (d) { return counts[d] + ' ' + d; }).join(', ');
  }

  function applyFilters(keepCurrent) {
    var current = S.cur >= 0 && S.items[S.cur] ? S.items[S.cur].row : null;
    S.shown = S.rows.filter(passes);
    S.items = buildItems();
    var grouping = !!$('f-group').value;
    var tbody = document.querySelector('#findings tbody');
    tbody.textContent = '';
    S.items.forEach(function (item, k) {
      var r = item.row, n = item.rows.length;
      var tr = el('tr');
      tr.dataset.k = String(k);
      // Grouped, entries are numbered in the list; else findings keep their report number.
      tr.appendChild(el('td', 'num', grouping ? k + 1 : r.i + 1));
      var docs = docsOf(item);
      tr.appendChild(el('td', 'doc', docs.length > 1 ? docs.length + ' documents' : r.doc));
      var c = el('td'); var chip = el('span', 'chip', r.category); chip.style.backgroundColor = colour(r.category); c.appendChild(chip); tr.appendChild(c);
      tr.appendChild(el('td', 'sev sev-' + cssName(r.severity), r.severity));
      tr.appendChild(el('td', 'rule', r.rule));
      var t = el('td', 'text', n > 1 ? distinct(item, 'text') : r.text);
      if (n > 1) { t.insertBefore(el('span', 'count', '×' + n), t.firstChild); }
      tr.appendChild(t);
      tr.appendChild(el('td', 'sugg', n > 1 ? distinct(item, 'suggestion') : (r.correction || r.suggestion)));
      tr.appendChild(el('td', 'dec', decisionOf(item)));
      tr.title = (docs.length > 1 ? docs.join(', ') : r.doc) + ' · ' + r.rule + ' · ' + r.text + (n > 1 ? ' · ' + n + ' findings' : '');
      tr.addEventListener('click', function () { select(k); });
      item._tr = tr;
      tr.classList.toggle('decided', item.rows.every(function (x) { return !!x.decision; }));
      item.rows.forEach(function (x) { x._item = item; });
      tbody.appendChild(tr);
    });
    var grouped = S.items.length !== S.shown.length;
    $('shown').textContent = (S.shown.length === S.rows.length ? '' : '(' + S.shown.length + ' shown)') +
      (grouped ? ' ' + S.items.length + ' groups' : '');
    $('bulk-n').textContent = String(S.shown.length);
    var k = -1;
    if (keepCurrent && current) {
      for (var i = 0; i < S.items.length; i++) { if (S.items[i].rows.indexOf(current) >= 0) { k = i; break; } }
    }
    S.cur = -1;
    select(k >= 0 ? k : (S.items.length ? 0 : -1));
  }

  function cssName(s) { return String(s).replace(/[^a-z0-9_-]/gi, '_'); }

  function refreshRow(r) {
    var item = r._item;
    if (!item || !item._tr) { return; }
    if (item.rows.length === 1) { item._tr.querySelector('.sugg').textContent = r.correction || r.suggestion; }
    item._tr.querySelector('.dec').textContent = decisionOf(item);
    item._tr.classList.toggle('decided', item.rows.every(function (x) { return !!x.decision; }));
  }

  function progress(p) {
    var done = 0;
    S.rows.forEach(function (r) { if (r.decision) { done++; } });
    if (p && typeof p.reviewed === 'number') { done = p.reviewed; }
    $('progress').textContent = 'reviewed ' + done + ' of ' + S.rows.length;
  }

  // -- the document view ----------------------------------------------------
  function renderPane(doc, row) {
    var pane = el('div', 'pane');
    var title = el('div', 'pane-title', doc);
    var q = S.quality && S.quality.docs && S.quality.docs[doc];
    if (q && q.penalty_per_1k !== null && q.penalty_per_1k !== undefined) {
      title.appendChild(el('span', 'score is-' + cssName(q.quality),
        q.penalty_per_1k + ' penalty points / 1,000 words · ' + q.quality));
    }
    pane.appendChild(title);
    var body = el('div', 'doc-text');
    pane.appendChild(body);
    if (!Object.prototype.hasOwnProperty.call(S.texts, doc)) {
      body.appendChild(el('p', 'error', S.errors[doc] || 'loading…'));
      return pane;
    }
    var text = S.texts[doc];
    var spans = [];
    S.shown.forEach(function (r) {
      if (r.doc === doc && r.end > r.start && r.end <= text.length) { spans.push({ s: r.start, e: r.end, r: r, link: false }); }
      if (r === row && r.link && r.link.doc === doc && r.link.end > r.link.start && r.link.end <= text.length) {
        spans.push({ s: r.link.start, e: r.link.end, r: r, link: true });
      }
    });
    var cuts = [0, text.length];
    spans.forEach(function (sp) { cuts.push(sp.s, sp.e); });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var ends = {};
    spans.forEach(function (sp) { if (!sp.link) { (ends[sp.e] = ends[sp.e] || []).push(sp.r); } });
    var frag = document.createDocumentFragment();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var cover = spans.filter(function (sp) { return sp.s <= a && sp.e >= b; });
      var piece = text.slice(a, b);
      if (!cover.length) {
        frag.appendChild(document.createTextNode(piece));
      } else {
        cover.sort(function (x, y) { return (x.link - y.link) || ((x.e - x.s) - (y.e - y.s)); });
        var top = cover[0];
        var m = el('mark', null, piece);
        if (cover.some(function (sp) { return sp.link; })) { m.classList.add('link'); }
        if (!top.link) { m.style.backgroundColor = colour(top.r.category); }
        if (cover.some(function (sp) { return sp.r === row && !sp.link; })) { m.classList.add('current'); }
        if (top.r.decision) { m.classList.add('is-' + cssName(top.r.decision)); }
        m.title = top.r.category + ' · ' + top.r.rule + (top.r.suggestion ? ' → ' + (top.r.correction || top.r.suggestion) : '');
        (function (r) { m.addEventListener('click', function () { var k = S.items.indexOf(r._item); if (k >= 0) { select(k); } }); })(top.r);
        frag.appendChild(m);
      }
      (ends[b] || []).forEach(function (r) {
        var s = r.correction || r.suggestion;
        if (s) { frag.appendChild(el('span', 'sugg-badge', '→ ' + s)); }
      });
    }
    body.appendChild(frag);
    return pane;
  }

  function renderView(row) {
    var panes = $('panes');
    panes.textContent = '';
    if (!row) { return; }
    panes.classList.toggle('two', row.view.length > 1);
    row.view.forEach(function (doc) { panes.appendChild(renderPane(doc, row)); });
    var cur = panes.querySelector('mark.current');
    if (cur) { cur.scrollIntoView({ block: 'center' }); }
  }

  function showDetail(row, item) {
    var n = item ? item.rows.length : 1;
    $('d-count').textContent = n > 1 ? n + ' findings in this group: a decision here is for all of them' : '';
    var chip = $('d-cat');
    chip.textContent = row ? row.category : '';
    chip.style.backgroundColor = row ? colour(row.category) : '';
    $('d-sev').textContent = row ? row.severity : '';
    $('d-rule').textContent = row ? row.rule : '';
    $('d-where').textContent = row ? row.doc + ' ' + row.start + '–' + row.end + (row.side ? ' (' + row.side + ')' : '') : '';
    $('d-text').textContent = row ? row.text : '';
    $('d-sugg').textContent = row ? (row.correction || row.suggestion) : '';
    var dec = item ? decisionOf(item) : (row ? row.decision : '');
    $('d-dec').textContent = dec;
    $('d-dec').className = 'dec' + (dec ? ' is-' + cssName(dec) : '');
    $('d-note').textContent = row ? row.note : '';
    $('edit').value = row ? (row.correction || row.suggestion) : '';
  }

  function curRow() { var it = S.items[S.cur]; return it ? it.row : null; }

  function select(k) {
    if (S.cur >= 0 && S.items[S.cur] && S.items[S.cur]._tr) { S.items[S.cur]._tr.classList.remove('current'); }
    S.cur = k;
    var item = k >= 0 ? S.items[k] : null;
    var row = item ? item.row : null;
    showDetail(row, item);
    if (!row) { renderView(null); return; }
    if (item._tr) { item._tr.classList.add('current'); item._tr.scrollIntoView({ block: 'nearest' }); }
    Promise.all(row.view.map(loadText)).then(function () {
      if (curRow() === row) { renderView(row); }
    }, function (e) { status(String(e.message || e)); });
  }

  // -- decisions ------------------------------------------------------------
  function apply(row, j) {
    row.decision = j.decision || '';
    row.correction = j.correction || '';
    refreshRow(row);
    progress(j.progress);
    var item = S.items[S.cur];
    if (item && item.rows.indexOf(row) >= 0) { showDetail(item.row, item); renderView(item.row); }
  }

  function applyMany(changed, p) {
    var byFp = {};
    S.rows.forEach(function (r) { byFp[r.fp] = r; });
    changed.forEach(function (c) {
      var r = byFp[c.fp];
      if (r) { r.decision = c.decision || ''; r.correction = c.correction || ''; refreshRow(r); }
    });
    progress(p);
    var item = S.items[S.cur];
    if (item) { showDetail(item.row, item); renderView(item.row); }
  }

  // One decision for many findings: one request, one batch, one undo.
  function decideMany(rows, decision, what) {
    if (MODE !== 'server' || !rows.length) { return Promise.resolve(); }
    return post('/api/decide-many', { fps: rows.map(function (r) { return r.fp; }), decision: decision }).then(function (j) {
      if (j.batch) { S.undo.push({ batch: j.batch }); }
      applyMany(j.changed, j.progress);
      status(decision + ' ' + rows.length + ' ' + what);
    }, function (e) { status('not saved: ' + e.message); });
  }

  function decide(decision, correction) {
    var item = S.items[S.cur];
    var row = item ? item.row : null;
    if (!row || MODE !== 'server') { return Promise.resolve(); }
    if (item.rows.length > 1 && decision !== 'corrected') {
      var at = S.cur;
      return decideMany(item.rows, decision, 'grouped').then(function () {
        if (S.cur === at && S.cur + 1 < S.items.length) { select(S.cur + 1); }
      });
    }
    var body = { fp: row.fp, decision: decision };
    if (decision === 'corrected') { body.correction = correction; }
    return post('/api/decide', body).then(function (j) {
      S.undo.push({ history: j.history, fp: row.fp });
      apply(row, j);
      status(decision + ' #' + (row.i + 1));
      if (decision !== 'corrected' && S.cur + 1 < S.items.length) { select(S.cur + 1); }
    }, function (e) { status('not saved: ' + e.message); });
  }

  function undo() {
    var last = S.undo.pop();
    if (!last || MODE !== 'server') { status('nothing to undo'); return; }
    if (last.batch) {
      post('/api/undo', { batch: last.batch }).then(function (j) {
        applyMany(j.changed, j.progress);
        status('undone: ' + j.changed.length + ' findings');
      }, function (e) { status('cannot undo: ' + e.message); });
      return;
    }
    post('/api/undo', { history: last.history }).then(function (j) {
      var row = S.rows.filter(function (r) { return r.fp === j.fp; })[0];
      if (row) {
        apply(row, j);
        var k = row._item ? S.items.indexOf(row._item) : -1;
        if (k >= 0) { select(k); }
      }
      status('undone');
    }, function (e) { status('cannot undo: ' + e.message); });
  }

  function sync() {
    if (MODE !== 'server') { return; }
    getJSON('/api/state').then(function (j) {
      S.rows.forEach(function (r) {
        var d = j.decisions[r.fp];
        var dec = d ? d.decision : '', cor = d ? (d.correction || '') : '';
        if (dec !== r.decision || cor !== r.correction) { r.decision = dec; r.correction = cor; refreshRow(r); }
      });
      progress(j.progress);
    }, function () {});
  }

  // -- keyboard -------------------------------------------------------------
  function move(step) {
    if (!S.items.length) { return; }
    var k = Math.max(0, Math.min(S.items.length - 1, S.cur + step));
    if (k !== S.cur) { select(k); }
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    if (t && t.id === 'edit') {
      if (ev.key === 'Enter') { ev.preventDefault(); decide('corrected', t.value).then(function () { t.blur(); }); }
      else if (ev.key === 'Escape') { ev.preventDefault(); showDetail(curRow(), S.items[S.cur]); t.blur(); }
      return;
    }
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) {
      if (ev.key === 'Escape') { t.blur(); }
      return;
    }
    var handled = true;
    switch (ev.key) {
      case 'j': case 'ArrowDown': move(1); break;
      case 'k': case 'ArrowUp': move(-1); break;
      case 'a': decide('accepted'); break;
      case 'r': decide('rejected'); break;
      case 'A': decideMany(S.shown, 'accepted', 'shown'); break;
      case 'R': decideMany(S.shown, 'rejected', 'shown'); break;
      case 'g': cycleGroup(); break;
      case 'e': if (MODE === 'server' && S.cur >= 0) { var inp = $('edit'); inp.focus(); inp.select(); } break;
      case 'u': undo(); break;
      case '/': $('f-category').focus(); break;
      case '?': $('help').hidden = !$('help').hidden; break;
      default: handled = false;
    }
    if (handled) { ev.preventDefault(); }
  }

  // -- start ----------------------------------------------------------------
  function cycleGroup() {
    var sel = $('f-group');
    sel.selectedIndex = (sel.selectedIndex + 1) % sel.options.length;
    applyFilters(true);
  }

  function showQuality(q) {
    S.quality = q || null;
    var run = q && q.run;
    if (!run || run.penalty_per_1k === null || run.penalty_per_1k === undefined) { return; }
    var chip = $('quality');
    chip.textContent = 'quality: ' + run.penalty_per_1k + ' / 1,000 words · ' + run.quality;
    chip.className = 'quality is-' + cssName(run.quality);
    chip.title = run.penalty + ' penalty points over ' + run.words + ' words; passes at ' + run.threshold +
      ' or less per 1,000 words; ' + run.failed + ' of ' + run.documents + ' documents fail';
    chip.hidden = false;
  }

  function start(data) {
    S.rows = data.rows;
    if (data.texts) { S.texts = data.texts; }
    if (data.errors) { S.errors = data.errors; }
    showQuality(data.quality);
    // The static report cannot record decisions: it says so, and shows the
    // decision column only for decisions it was given (qa --decisions).
    if (MODE !== 'server' && !S.rows.some(function (r) { return !!r.decision; })) {
      document.body.classList.add('no-decisions');
    }
    $('f-group').addEventListener('change', function () { applyFilters(true); });
    buildFilters();
    progress(data.progress);
    applyFilters(false);
    document.addEventListener('keydown', onKey);
    $('b-accept').addEventListener('click', function () { decide('accepted'); });
    $('b-reject').addEventListener('click', function () { decide('rejected'); });
    $('b-undo').addEventListener('click', undo);
    $('b-accept-shown').addEventListener('click', function () { decideMany(S.shown, 'accepted', 'shown'); });
    $('b-reject-shown').addEventListener('click', function () { decideMany(S.shown, 'rejected', 'shown'); });
    $('help-button').addEventListener('click', function () { $('help').hidden = !$('help').hidden; });
    window.addEventListener('focus', sync);
    document.body.dataset.ready = '1';
  }

  if (MODE === 'static') {
    start(JSON.parse($('align-data').textContent));
  } else {
    getJSON('/api/data').then(start, function (e) { status('cannot load the findings: ' + e.message); });
  }
})();
