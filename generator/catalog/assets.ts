/**
 * The site's static assets. Hand-written, no author text: pages carry the data (rows with data-*
 * attributes, JSON in a non-executed `<script type="application/json">`), these scripts read it with
 * `dataset`/`JSON.parse` and write it back only through `textContent` and `createElement`, never `innerHTML`.
 */

export const CATALOG_CSS = `:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0a58ca;--code:#f3f4f6;
--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--add:#dafbe1;--del:#ffebe9;--focus:#0a58ca}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--accent:#6cb6ff;--code:#161b22;
--ok:#3fb950;--warn:#d29922;--bad:#f85149;--add:#12361f;--del:#3d1418;--focus:#6cb6ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}
header.site,footer.site{border-bottom:1px solid var(--line);padding:.6rem 1.25rem}
footer.site{border-top:1px solid var(--line);border-bottom:0;color:var(--muted);font-size:.875rem}
a{color:var(--accent)}
a:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,pre:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.brand{font-weight:600;text-decoration:none}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}.skip:focus{left:.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em}
pre{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:.75rem;overflow:auto;white-space:pre}
.lead{font-size:1.125rem}.muted{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:end;margin:1rem 0}
.filters label{display:flex;flex-direction:column;font-size:.875rem;color:var(--muted)}
.filters input,.filters select{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.35rem .5rem;min-width:12rem}
table.events{width:100%;border-collapse:collapse;table-layout:fixed}
table.events col.c-name{width:30%}table.events col.c-domain{width:10%}table.events col.c-owner{width:15%}table.events col.c-topic{width:20%}table.events col.c-status{width:15%}table.events col.c-latest{width:10%}
table.events td{overflow-wrap:anywhere}
table.events th,table.events td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
table.events thead th{position:sticky;top:0;background:var(--bg)}
.status{font-weight:600}.status-active{color:var(--ok)}.status-deprecated{color:var(--warn)}.status-sunset-passed{color:var(--bad)}
.sunset{font-weight:400}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.5rem 1.5rem}
dl.facts dt{color:var(--muted);font-size:.875rem}dl.facts dd{margin:0}
.toc{margin:1rem 0;padding:.5rem 0;border-block:1px solid var(--line)}
ul.tree{list-style:none;padding-left:1.25rem;border-left:1px solid var(--line);margin:.25rem 0}
.tree-root>ul.tree{border-left:0;padding-left:0}
ul.tree li{margin:.3rem 0}
.prop{font-weight:600}.type{color:var(--muted)}
.badge{display:inline-block;font-size:.75rem;border:1px solid var(--line);border-radius:999px;padding:0 .45rem;margin-left:.25rem}
.req{border-color:var(--accent)}.dep{border-color:var(--warn)}.shared{text-decoration:none}
.sev-breaking{border-color:var(--bad);color:var(--bad)}.sev-compatible{border-color:var(--ok);color:var(--ok)}
ul.constraints{display:inline;list-style:none;padding:0;margin:0 0 0 .5rem}ul.constraints li{display:inline;margin-right:.4rem}
.desc{margin:.15rem 0 0;color:var(--muted)}
ol.revisions>li{margin-bottom:1rem}
ul.changes{padding-left:1.25rem}
pre.diff .add{background:var(--add);display:block}pre.diff .del{background:var(--del);display:block}pre.diff .ctx{display:block}
pre.diff .gap{display:block;color:var(--muted);font-style:italic}
`;

export const CATALOG_JS = `'use strict';
(function () {
  var table = document.getElementById('events');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var index = rows.map(function (r) {
    var d = r.dataset;
    return { row: r, text: (d.name + ' ' + d.owner + ' ' + d.topic).toLowerCase(), owner: d.owner, topic: d.topic, status: d.status };
  });
  var q = document.getElementById('q');
  var owner = document.getElementById('owner');
  var topic = document.getElementById('topic');
  var status = document.getElementById('status');
  var count = document.getElementById('count');
  var pending = false;
  function apply() {
    pending = false;
    var terms = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    for (var i = 0; i < index.length; i++) {
      var it = index[i];
      var ok = (!owner.value || it.owner === owner.value) && (!topic.value || it.topic === topic.value) && (!status.value || it.status === status.value);
      for (var t = 0; ok && t < terms.length; t++) ok = it.text.indexOf(terms[t]) >= 0;
      if (it.row.hidden === ok) it.row.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + ' of ' + index.length + ' event types';
    var params = new URLSearchParams();
    if (q.value) params.set('q', q.value);
    [owner, topic, status].forEach(function (s) { if (s.value) params.set(s.id, s.value); });
    var hash = params.toString();
    if (('#' + hash) !== location.hash && !(hash === '' && location.hash === '')) history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  }
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(apply); } }
  var initial = new URLSearchParams(location.hash.slice(1));
  if (initial.has('q')) q.value = initial.get('q');
  [owner, topic, status].forEach(function (s) {
    var v = initial.get(s.id);
    if (v !== null && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
  });
  q.addEventListener('input', schedule);
  [owner, topic, status].forEach(function (s) { s.addEventListener('change', schedule); });
  document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== q && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) { e.preventDefault(); q.focus(); }
    else if (e.key === 'Escape' && document.activeElement === q) { q.value = ''; schedule(); }
  });
  apply();
})();
`;

export const DIFF_JS = `'use strict';
(function () {
  var revisions = JSON.parse(document.getElementById('revisions-data').textContent);
  var from = document.getElementById('from');
  var to = document.getElementById('to');
  var out = document.getElementById('diff');
  var changes = document.getElementById('changes');
  var semvers = revisions.map(function (r) { return r.semver; });
  var params = new URLSearchParams(location.hash.slice(1));
  from.value = semvers.indexOf(params.get('from')) >= 0 ? params.get('from') : semvers[Math.max(0, semvers.length - 2)];
  to.value = semvers.indexOf(params.get('to')) >= 0 ? params.get('to') : semvers[semvers.length - 1];

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }

  // Line diff: common prefix/suffix trimmed, LCS on the rest (schemas are a few hundred lines).
  function diffLines(a, b) {
    var start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start++;
    var endA = a.length, endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
    var x = a.slice(start, endA), y = b.slice(start, endB);
    var n = x.length, m = y.length, w = m + 1;
    var lcs = new Uint32Array((n + 1) * w);
    for (var i = n - 1; i >= 0; i--) for (var j = m - 1; j >= 0; j--)
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    var ops = [];
    for (var k = 0; k < start; k++) ops.push([' ', a[k]]);
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) { ops.push([' ', x[i]]); i++; j++; }
      else if (j < m && (i === n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) { ops.push(['+', y[j]]); j++; }
      else { ops.push(['-', x[i]]); i++; }
    }
    for (k = endA; k < a.length; k++) ops.push([' ', a[k]]);
    return ops;
  }

  function render() {
    var fi = semvers.indexOf(from.value), ti = semvers.indexOf(to.value);
    history.replaceState(null, '', '#from=' + encodeURIComponent(from.value) + '&to=' + encodeURIComponent(to.value));
    var ops = diffLines(revisions[fi].schema.split('\\n'), revisions[ti].schema.split('\\n'));
    var frag = document.createDocumentFragment();
    var changed = ops.map(function (o) { return o[0] !== ' '; });
    var added = 0, removed = 0;
    for (var i = 0; i < ops.length; i++) {
      var near = false;
      for (var d = -3; d <= 3 && !near; d++) near = changed[i + d] === true;
      if (!near) {
        if (i === 0 || frag.lastChild === null || frag.lastChild.className !== 'gap') frag.appendChild(el('span', 'gap', '  …'));
        continue;
      }
      var op = ops[i][0];
      if (op === '+') added++; else if (op === '-') removed++;
      frag.appendChild(el('span', op === '+' ? 'add' : op === '-' ? 'del' : 'ctx', op + ' ' + ops[i][1]));
    }
    out.replaceChildren(frag);
    if (added + removed === 0) out.replaceChildren(el('span', 'ctx', fi === ti ? 'Same revision selected.' : 'The two revisions have identical schemas.'));
    var lo = Math.min(fi, ti), hi = Math.max(fi, ti);
    var box = document.createDocumentFragment();
    box.appendChild(el('p', 'muted', fi === ti ? 'Pick two different revisions.' : (fi > ti ? 'Newer to older; changes as recorded from ' : 'Changes recorded from ') + revisions[lo].semver + ' to ' + revisions[hi].semver + ' (+' + added + ' / -' + removed + ' lines):'));
    for (var r = lo + 1; r <= hi; r++) {
      var rev = revisions[r];
      box.appendChild(el('h3', '', rev.semver + ' (' + rev.change + ')'));
      var ul = el('ul', 'changes');
      if (rev.changes.length === 0) ul.appendChild(el('li', 'muted', 'No schema change.'));
      rev.changes.forEach(function (c) {
        var li = el('li', 'change change-' + c.severity);
        li.appendChild(el('span', 'badge sev-' + c.severity, c.severity + (c.accepted ? ' (approved)' : '')));
        li.appendChild(document.createTextNode(' ' + c.message + ' '));
        li.appendChild(el('code', 'muted', c.type + ' ' + c.path));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    changes.replaceChildren(box);
  }
  from.addEventListener('change', render);
  to.addEventListener('change', render);
  render();
})();
`;
