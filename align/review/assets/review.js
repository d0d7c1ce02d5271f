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

  var S = { rows: [], texts: {}, errors: {}, shown: [], cur: -1, undo: [], viewKey: null };

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

  function applyFilters(keepCurrent) {
    var current = S.cur >= 0 ? S.shown[S.cur] : null;
    S.shown = S.rows.filter(passes);
    var tbody = document.querySelector('#findings tbody');
    tbody.textContent = '';
    S.shown.forEach(function (r, k) {
      var tr = el('tr');
      tr.dataset.k = String(k);
      tr.appendChild(el('td', 'num', r.i + 1));
      tr.appendChild(el('td', 'doc', r.doc));
      var c = el('td'); var chip = el('span', 'chip', r.category); chip.style.backgroundColor = colour(r.category); c.appendChild(chip); tr.appendChild(c);
      tr.appendChild(el('td', 'sev sev-' + cssName(r.severity), r.severity));
      tr.appendChild(el('td', 'rule', r.rule));
      tr.appendChild(el('td', 'text', r.text));
      tr.appendChild(el('td', 'sugg', r.correction || r.suggestion));
      tr.appendChild(el('td', 'dec', r.decision));
      tr.title = r.doc + ' · ' + r.rule + ' · ' + r.text;
      tr.addEventListener('click', function () { select(k); });
      r._tr = tr;
      tbody.appendChild(tr);
    });
    $('shown').textContent = S.shown.length === S.rows.length ? '' : '(' + S.shown.length + ' shown)';
    var k = keepCurrent && current ? S.shown.indexOf(current) : -1;
    S.cur = -1;
    select(k >= 0 ? k : (S.shown.length ? 0 : -1));
  }

  function cssName(s) { return String(s).replace(/[^a-z0-9_-]/gi, '_'); }

  function refreshRow(r) {
    if (!r._tr) { return; }
    r._tr.querySelector('.sugg').textContent = r.correction || r.suggestion;
    r._tr.querySelector('.dec').textContent = r.decision;
    r._tr.classList.toggle('decided', !!r.decision);
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
    pane.appendChild(el('div', 'pane-title', doc));
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
        (function (r) { m.addEventListener('click', function () { var k = S.shown.indexOf(r); if (k >= 0) { select(k); } }); })(top.r);
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

  function showDetail(row) {
    var chip = $('d-cat');
    chip.textContent = row ? row.category : '';
    chip.style.backgroundColor = row ? colour(row.category) : '';
    $('d-sev').textContent = row ? row.severity : '';
    $('d-rule').textContent = row ? row.rule : '';
    $('d-where').textContent = row ? row.doc + ' ' + row.start + '–' + row.end + (row.side ? ' (' + row.side + ')' : '') : '';
    $('d-text').textContent = row ? row.text : '';
    $('d-sugg').textContent = row ? (row.correction || row.suggestion) : '';
    $('d-dec').textContent = row ? row.decision : '';
    $('d-dec').className = 'dec' + (row && row.decision ? ' is-' + cssName(row.decision) : '');
    $('d-note').textContent = row ? row.note : '';
    $('edit').value = row ? (row.correction || row.suggestion) : '';
  }

  function select(k) {
    if (S.cur >= 0 && S.shown[S.cur] && S.shown[S.cur]._tr) { S.shown[S.cur]._tr.classList.remove('current'); }
    S.cur = k;
    var row = k >= 0 ? S.shown[k] : null;
    showDetail(row);
    if (!row) { renderView(null); return; }
    if (row._tr) { row._tr.classList.add('current'); row._tr.scrollIntoView({ block: 'nearest' }); }
    Promise.all(row.view.map(loadText)).then(function () {
      if (S.shown[S.cur] === row) { renderView(row); }
    }, function (e) { status(String(e.message || e)); });
  }

  // -- decisions ------------------------------------------------------------
  function apply(row, j) {
    row.decision = j.decision || '';
    row.correction = j.correction || '';
    refreshRow(row);
    progress(j.progress);
    if (S.shown[S.cur] === row) { showDetail(row); renderView(row); }
  }

  function decide(decision, correction) {
    var row = S.shown[S.cur];
    if (!row || MODE !== 'server') { return Promise.resolve(); }
    var body = { fp: row.fp, decision: decision };
    if (decision === 'corrected') { body.correction = correction; }
    return post('/api/decide', body).then(function (j) {
      S.undo.push({ history: j.history, fp: row.fp });
      apply(row, j);
      status(decision + ' #' + (row.i + 1));
      if (decision !== 'corrected' && S.cur + 1 < S.shown.length) { select(S.cur + 1); }
    }, function (e) { status('not saved: ' + e.message); });
  }

  function undo() {
    var last = S.undo.pop();
    if (!last || MODE !== 'server') { status('nothing to undo'); return; }
    post('/api/undo', { history: last.history }).then(function (j) {
      var row = S.rows.filter(function (r) { return r.fp === j.fp; })[0];
      if (row) {
        apply(row, j);
        var k = S.shown.indexOf(row);
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
    if (!S.shown.length) { return; }
    var k = Math.max(0, Math.min(S.shown.length - 1, S.cur + step));
    if (k !== S.cur) { select(k); }
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    if (t && t.id === 'edit') {
      if (ev.key === 'Enter') { ev.preventDefault(); decide('corrected', t.value).then(function () { t.blur(); }); }
      else if (ev.key === 'Escape') { ev.preventDefault(); showDetail(S.shown[S.cur]); t.blur(); }
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
      case 'e': if (MODE === 'server' && S.cur >= 0) { var inp = $('edit'); inp.focus(); inp.select(); } break;
      case 'u': undo(); break;
      case '/': $('f-category').focus(); break;
      case '?': $('help').hidden = !$('help').hidden; break;
      default: handled = false;
    }
    if (handled) { ev.preventDefault(); }
  }

  // -- start ----------------------------------------------------------------
  function start(data) {
    S.rows = data.rows;
    if (data.texts) { S.texts = data.texts; }
    if (data.errors) { S.errors = data.errors; }
    buildFilters();
    progress(data.progress);
    applyFilters(false);
    document.addEventListener('keydown', onKey);
    $('b-accept').addEventListener('click', function () { decide('accepted'); });
    $('b-reject').addEventListener('click', function () { decide('rejected'); });
    $('b-undo').addEventListener('click', undo);
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
