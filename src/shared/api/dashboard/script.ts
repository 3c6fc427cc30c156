/**
 * The dashboard's script: plain browser JavaScript (no framework, no build step), inline in the page and
 * allowed by its hash in the page's CSP. It only calls the findings API the page is served by, and puts
 * every value into the page as text (never as HTML), so nothing a finding says can run as code.
 * Kept as a string: the Lambda and CLI bundles ship it without a loader. Uses no template literals.
 */
export const DASHBOARD_SCRIPT = String.raw`
'use strict';
(function () {
  var SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
  var STATUS_COLUMNS = ['FAIL', 'ERROR', 'SUPPRESSED', 'PASS'];
  var LABELS = { NOT_APPLICABLE: 'N/A' };
  // The API's routes sit beside the page (/ locally; /<stage>/ behind a staged API).
  var base = location.pathname.replace(/[^/]*$/, '');
  var byId = function (id) { return document.getElementById(id); };
  var state = { cursor: null, opener: null };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs.text;
      else if (name === 'className') node.className = attrs.className;
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function badge(status) {
    return el('span', { className: 'badge ' + status, text: LABELS[status] || status });
  }

  function when(iso, short) {
    if (!iso) return '';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    var text = d.toISOString().replace('T', ' ');
    return short ? text.slice(0, 16) : text.replace(/\.\d+Z$/, ' UTC');
  }

  async function api(path) {
    var response = await fetch(base + path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    var body = await response.json().catch(function () { return null; });
    if (!response.ok) {
      var message = body && body.error && body.error.message ? body.error.message : 'HTTP ' + response.status;
      throw new Error(message);
    }
    return body;
  }

  function say(text) { byId('status').textContent = text; }
  function fail(error) {
    byId('error').textContent = 'The findings API answered with an error: ' + (error && error.message ? error.message : String(error));
    say('');
  }

  // --- summary ---------------------------------------------------------------------------------
  async function loadSummary() {
    var summary = await api('summary');
    var score = summary.readiness.score;
    byId('score').textContent = score === null ? 'n/a' : score + '/100';
    byId('score-detail').textContent = summary.readiness.passing + ' of ' + summary.readiness.applicable + ' applicable rules pass';
    byId('total').textContent = String(summary.findings);
    var body = byId('severity-rows');
    body.replaceChildren();
    SEVERITIES.forEach(function (severity) {
      var counts = summary.bySeverity[severity] || {};
      var cells = [el('th', { scope: 'row', text: severity })];
      STATUS_COLUMNS.forEach(function (status) { cells.push(el('td', { className: 'n', text: String(counts[status] || 0) })); });
      body.appendChild(el('tr', { 'data-severity': severity }, cells));
    });
  }

  async function loadRules() {
    var rules = await api('rules');
    var select = byId('f-rule');
    rules.items.forEach(function (rule) { select.appendChild(el('option', { value: rule.id, text: rule.id })); });
  }

  // --- findings ---------------------------------------------------------------------------------
  function query(cursor) {
    var params = new URLSearchParams();
    [['status', 'f-status'], ['severity', 'f-severity'], ['ruleId', 'f-rule'], ['region', 'f-region'], ['resourceType', 'f-type']].forEach(function (pair) {
      var value = byId(pair[1]).value.trim();
      if (value) params.set(pair[0], value);
    });
    params.set('limit', '50');
    if (cursor) params.set('cursor', cursor);
    return params;
  }

  function findingRow(f) {
    var open = el('button', {
      type: 'button',
      className: 'link',
      'aria-controls': 'detail',
      'aria-label': 'Open ' + f.ruleId + ' on ' + f.resourceName,
      text: f.resourceName,
    });
    open.addEventListener('click', function () { openFinding(f.ruleId, f.resourceId, open); });
    return el('tr', { 'data-rule': f.ruleId, 'data-resource': f.resourceId }, [
      el('td', {}, [badge(f.status)]),
      el('td', { text: f.severity }),
      el('td', { className: 'rule' }, [open, el('div', { text: f.reason }), el('code', { className: 'muted', text: f.ruleId })]),
      el('td', { className: 'when', text: f.region }),
      el('td', { className: 'when', title: when(f.lastChangedAt), text: when(f.lastChangedAt, true) }),
    ]);
  }

  async function loadFindings(more) {
    byId('error').textContent = '';
    say('Loading findings…');
    var params = query(more ? state.cursor : null);
    if (!more) {
      var shown = query(null);
      shown.delete('limit');
      history.replaceState(null, '', shown.toString() ? '?' + shown.toString() : location.pathname);
    }
    var page = await api('findings?' + params.toString());
    var body = byId('finding-rows');
    if (!more) body.replaceChildren();
    page.items.forEach(function (f) { body.appendChild(findingRow(f)); });
    // Each request reads a bounded slice of the store, so a rare filter can answer a short (even empty)
    // page with a cursor: read a few more slices before showing it.
    for (var shown = page.items.length, extra = 0; page.nextCursor && shown < 50 && extra < 4; extra++) {
      page = await api('findings?' + query(page.nextCursor).toString());
      page.items.forEach(function (f) { body.appendChild(findingRow(f)); });
      shown += page.items.length;
    }
    state.cursor = page.nextCursor;
    byId('more').hidden = !page.nextCursor;
    var count = body.children.length;
    byId('findings-caption').textContent = count + (page.nextCursor ? '+' : '') + ' finding' + (count === 1 ? '' : 's') + ' shown';
    byId('empty').hidden = count > 0;
    say(count + ' finding' + (count === 1 ? '' : 's') + ' loaded.');
  }

  // --- one finding -----------------------------------------------------------------------------
  function row(term, value) {
    return [el('dt', { text: term }), el('dd', {}, [typeof value === 'string' ? document.createTextNode(value) : value])];
  }

  async function openFinding(ruleId, resourceId, opener) {
    state.opener = opener || null;
    say('Loading finding…');
    var f = await api('findings/' + encodeURIComponent(ruleId) + '/' + encodeURIComponent(resourceId));
    var detail = byId('detail');
    var title = byId('detail-title');
    title.textContent = f.resourceName + ' · ' + f.ruleId;
    var fields = [
      row('Status', badge(f.status)),
      row('Severity', f.severity),
      row('Rule', f.rule ? f.rule.title : f.ruleId),
      row('Resource', el('code', { text: f.resourceId })),
      row('Type', f.resourceType),
      row('Region', f.region),
      row('Account', f.accountId),
      row('Reason', f.reason),
      row('First seen', when(f.firstSeenAt)),
      row('Last change', when(f.lastChangedAt)),
      row('Last evaluated', when(f.lastEvaluatedAt)),
    ];
    if (f.suppression) fields.push(row('Suppressed', f.suppression.reason + (f.suppression.expiresAt ? ' (until ' + when(f.suppression.expiresAt) + ')' : '')));
    var dl = el('dl', {});
    fields.forEach(function (pair) { dl.appendChild(pair[0]); dl.appendChild(pair[1]); });

    var body = byId('detail-body');
    body.replaceChildren(dl);
    body.appendChild(el('h3', { id: 'history-title', text: 'History' }));
    var rows = (f.history || []).slice().reverse().map(function (h) {
      return el('tr', {}, [
        el('td', { text: when(h.at) }),
        el('td', {}, [h.from ? badge(h.from) : el('span', { className: 'muted', text: 'new' })]),
        el('td', {}, [badge(h.to)]),
        el('td', { text: h.reason }),
      ]);
    });
    var head = el('tr', {}, ['When', 'From', 'To', 'Reason'].map(function (h) { return el('th', { scope: 'col', text: h }); }));
    body.appendChild(el('table', { 'aria-labelledby': 'history-title', id: 'history' }, [el('thead', {}, [head]), el('tbody', {}, rows)]));

    if (f.rule && f.rule.remediation) {
      body.appendChild(el('h3', { text: 'Remediation' }));
      body.appendChild(el('p', { text: f.rule.remediation.text }));
      body.appendChild(el('pre', {}, [el('code', { text: f.rule.remediation.cli })]));
    }
    body.appendChild(el('h3', { text: 'Evidence' }));
    body.appendChild(el('pre', { text: JSON.stringify(f.evidence || {}, null, 2) }));

    detail.hidden = false;
    title.focus();
    say('Showing ' + f.ruleId + ' on ' + f.resourceName + '.');
  }

  function closeFinding() {
    byId('detail').hidden = true;
    if (state.opener && document.body.contains(state.opener)) state.opener.focus();
    state.opener = null;
  }

  // --- wiring -------------------------------------------------------------------------------------
  function guard(promise) { return promise.catch(fail); }

  document.addEventListener('DOMContentLoaded', function () {
    var initial = new URLSearchParams(location.search);
    var form = byId('filters');
    form.addEventListener('submit', function (event) { event.preventDefault(); guard(loadFindings(false)); });
    form.addEventListener('change', function (event) { if (event.target.tagName === 'SELECT') guard(loadFindings(false)); });
    byId('clear').addEventListener('click', function () { form.reset(); guard(loadFindings(false)); });
    byId('more').addEventListener('click', function () { guard(loadFindings(true)); });
    byId('close').addEventListener('click', closeFinding);
    document.addEventListener('keydown', function (event) { if (event.key === 'Escape' && !byId('detail').hidden) closeFinding(); });

    guard(Promise.all([loadSummary(), loadRules()]).then(function () {
      [['status', 'f-status'], ['severity', 'f-severity'], ['ruleId', 'f-rule'], ['region', 'f-region'], ['resourceType', 'f-type']].forEach(function (pair) {
        if (initial.get(pair[0])) byId(pair[1]).value = initial.get(pair[0]);
      });
      return loadFindings(false);
    }).then(function () { document.body.setAttribute('data-ready', 'true'); }));
  });
})();
`;
