// The console's only script. Everything an agent or a reviewer wrote reaches the page as text (textContent, text
// nodes), never as markup: commands and reasons are hostile input.
'use strict';

const CSRF = (document.querySelector('meta[name="csrf"]') || {}).content || '';
const ROLE = document.body.dataset.role || '';

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** The bridge's API as this session's principal; state changes carry the CSRF token. */
async function api(path, method, body) {
  const opts = { method: method || 'GET', credentials: 'same-origin', headers: {} };
  if (opts.method !== 'GET') opts.headers['X-CSRF-Token'] = CSRF;
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch('/console/api' + path, opts);
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!res.ok) {
    const msg = json && json.error ? json.error.code + ': ' + json.error.message : res.status + ' ' + text;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return json;
}

function callText(input) {
  if (input && typeof input === 'object') {
    if (typeof input.command === 'string') return input.command;
    if (typeof input.file_path === 'string') return input.file_path;
  }
  return JSON.stringify(input);
}

function when(iso) { return iso ? String(iso).slice(0, 19).replace('T', ' ') : ''; }
function short(text, n) { text = String(text == null ? '' : text); return text.length > n ? text.slice(0, n) + '…' : text; }
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function dl(pairs) {
  return el('dl', {}, pairs.filter(p => p[1] !== undefined && p[1] !== null && p[1] !== '')
    .map(([k, v]) => [el('dt', {}, k), el('dd', {}, v instanceof Node ? v : String(v))]));
}

// ---------------------------------------------------------------- live decisions
function live() {
  const KEPT = 5000;              // decisions kept in memory, newest first: what the filters search and a row opens
  const PARSE_PER_DRAW = 1000;    // queued events parsed in one draw at most: a backlog drains over a few draws
  const BACKLOG = KEPT;           // queued while hidden or paused beyond this, the oldest are skipped (and counted)
  const DRAW_EVERY = 100;         // ms between draws at least: at 500 decisions a second a draw brings about 50 rows
  const MORE = 200;               // rows each press of "Show older" adds to the table
  const tbody = document.querySelector('#decisions tbody');
  const detail = document.getElementById('detail');
  const pauseButton = document.getElementById('pause');
  const pendingCount = document.getElementById('pending-count');
  const windowNote = document.getElementById('window-note');
  const olderButton = document.getElementById('show-older');
  const state = document.getElementById('stream-state');
  const rows = [];                // decisions, newest first
  const bySeq = new Map();        // seq -> decision, for the rows kept
  let queue = [];                 // arrived and not drawn yet, oldest first: {seq, data} (raw JSON) or {seq, d}
  let skipped = 0;                // queued rows given up on (a hidden or paused page), said on the page
  let lastSeq = 0;                // the newest seq the stream delivered: where a new stream or a refill starts
  let paused = false;
  let frame = 0;
  let timer = 0;
  let lastDraw = -Infinity;
  let reordered = false;          // the last add brought decisions older than ones already drawn
  let extra = 0;                  // rows added by "Show older" beyond what fits on screen
  let shown = fits();             // rows the table holds at most: what fits on screen, plus "Show older"

  /** Rows that fit in the window below the table's top, and a few more: the table holds no row nobody can see. */
  function fits() {
    const rowPx = 1.9 * (parseFloat(getComputedStyle(tbody).fontSize) || 14);
    return Math.max(20, Math.ceil(window.innerHeight / rowPx) + 5) + extra;
  }

  const filters = ['answer', 'agent', 'session', 'rule', 'text'].map(f => document.getElementById('f-' + f));
  /** The filters' values, read once per draw rather than once per row. */
  function criteria() {
    const [answer, agent, session, rule, text] = filters.map(f => f.value.trim().toLowerCase());
    return { answer, agent, session, rule, text, any: !!(answer || agent || session || rule || text) };
  }
  function matches(d, c) {
    if (!c.any) return true;
    if (c.answer && String(d.answer).toLowerCase() !== c.answer) return false;
    if (c.agent && !String(d.agent).toLowerCase().includes(c.agent)) return false;
    if (c.session && !String(d.session).toLowerCase().includes(c.session)) return false;
    if (c.rule && !(d.rules || []).some(r => String(r).toLowerCase().includes(c.rule))) return false;
    if (c.text) {
      if (d.searchText === undefined) Object.defineProperty(d, 'searchText', { value: JSON.stringify(d).toLowerCase() });
      if (!d.searchText.includes(c.text)) return false;
    }
    return true;
  }
  // A row is a clone of this one (cells and their classes made once), its cells given text only (textContent):
  // commands and reasons are hostile input. One listener on the table opens a row.
  const proto = document.createElement('tr');
  for (const cls of ['seq', 'time', 'answer', 'agent', 'session', 'tool', 'call', 'rules']) {
    proto.appendChild(document.createElement('td')).className = cls;
  }
  function row(d) {
    const tr = proto.cloneNode(true);
    tr.className = 'answer-' + d.answer;
    tr.dataset.seq = d.seq;
    const td = tr.children;
    td[0].textContent = d.seq;
    td[1].textContent = String(d.time).slice(11, 19);
    td[2].textContent = d.answer;
    td[3].textContent = d.agent;
    td[4].textContent = short(d.session, 12);
    td[5].textContent = d.tool;
    td[6].textContent = short(callText(d.input), 160);
    td[7].textContent = (d.rules || []).join(', ');
    return tr;
  }
  tbody.addEventListener('click', e => {
    const tr = e.target.closest('tr');
    const d = tr && bySeq.get(Number(tr.dataset.seq));
    if (d) show(d);
  });
  let drawn = 0;                  // rows in the table: counted here, as asking the DOM walks the rows
  let matching = 0;               // kept decisions the filters match: the table shows the newest of them
  /** Drops the table's rows beyond the newest {@code shown}, from the end: a draw removes about as many as it added. */
  function trim() {
    for (; drawn > shown; drawn--) tbody.removeChild(tbody.lastChild);
  }
  /** Redraws the table from the kept decisions: the newest {@code shown} that match. */
  function render() {
    const c = criteria();
    const frag = document.createDocumentFragment();
    let n = 0;
    matching = 0;
    for (const d of rows) if (matches(d, c)) { if (n < shown) { frag.appendChild(row(d)); n++; } matching++; }
    tbody.textContent = '';
    tbody.appendChild(frag);
    drawn = n;
    note();
  }
  /** Keeps {@code batch} (any order) among the decisions; returns the new ones, newest first. */
  function add(batch) {
    const fresh = batch.filter(d => !bySeq.has(d.seq));
    fresh.sort((a, b) => b.seq - a.seq);
    for (const d of fresh) bySeq.set(d.seq, d);
    reordered = fresh.length > 0 && rows.length > 0 && fresh[fresh.length - 1].seq < rows[0].seq;
    if (reordered) {
      rows.push(...fresh);
      rows.sort((a, b) => b.seq - a.seq);   // rare: an older page (the first load, a refill) among newer rows
    } else {
      rows.unshift(...fresh);
    }
    if (rows.length > KEPT) {
      const c = criteria();
      for (const d of rows.splice(KEPT)) { bySeq.delete(d.seq); if (matches(d, c)) matching--; }
    }
    return fresh;
  }
  function say() {
    const parts = [];
    if (paused && queue.length) parts.push(queue.length + ' new');
    if (skipped) parts.push(skipped + ' older rows not drawn (GET /v1/decisions has them)');
    const text = parts.join('; ');
    if (pendingCount.textContent !== text) pendingCount.textContent = text;
  }
  /** Under the table: how many of the kept decisions it shows, and where the others are. */
  function note() {
    const text = matching > drawn
      ? 'the newest ' + drawn + ' of ' + matching + (matching === rows.length ? ' decisions' : ' matching decisions')
        + ' kept here; the filters search all ' + rows.length + ', GET /v1/decisions and lighthouse events query older ones'
      : '';
    if (windowNote.textContent !== text) windowNote.textContent = text;
    olderButton.hidden = matching <= drawn;
  }
  // Rows arrive as fast as the bridge decides; they are parsed and drawn together, in an animation frame, at most
  // every DRAW_EVERY ms. The table holds only the rows that fit on screen: when a draw brings more than that, it
  // builds only the newest of them, so a draw costs about a screenful of rows however busy the bridge is.
  function flush(now) {
    frame = 0;
    if (paused) { say(); return; }
    lastDraw = now;
    const taken = queue.length > PARSE_PER_DRAW ? queue.splice(0, PARSE_PER_DRAW) : queue;
    if (taken === queue) queue = [];
    const fresh = add(taken.map(q => q.d || JSON.parse(q.data)));
    const c = criteria();
    const wanted = fresh.filter(d => matches(d, c));
    matching += wanted.length;
    if (reordered || wanted.length >= shown) {
      render();
    } else if (wanted.length) {
      const frag = document.createDocumentFragment();
      for (const d of wanted) frag.appendChild(row(d));
      drawn += wanted.length;
      tbody.insertBefore(frag, tbody.firstChild);
      trim();
      note();
    }
    say();
    if (queue.length) schedule();
  }
  function schedule() {
    if (frame || timer) return;
    const wait = lastDraw + DRAW_EVERY - performance.now();
    if (wait > 0) timer = setTimeout(() => { timer = 0; frame = requestAnimationFrame(flush); }, wait);
    else frame = requestAnimationFrame(flush);
  }
  function enqueue(item) {
    queue.push(item);
    if (queue.length > BACKLOG) { const over = queue.length - BACKLOG; queue.splice(0, over); skipped += over; }
    schedule();
  }
  olderButton.addEventListener('click', () => { extra += MORE; shown = fits(); render(); });
  window.addEventListener('resize', () => { const n = fits(); if (n !== shown) { shown = n; render(); } });

  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    pauseButton.classList.toggle('on', paused);
    schedule();
  });
  filters.forEach(f => { f.addEventListener('input', render); f.addEventListener('change', render); });

  function show(d) {
    detail.hidden = false;
    clear(detail).append(
      el('h2', {}, 'Decision ', String(d.seq)),
      dl([['answer', d.answer], ['policy said', d.decision], ['risk', d.risk], ['agent', d.agent],
        ['session', d.session], ['channel', d.channel], ['tool', d.tool], ['cwd', d.cwd], ['project', d.project],
        ['reason', d.reason], ['safer alternative', d.suggestion], ['policy', (d.policyName || '') + '@' + d.policy],
        ['time', d.time]]),
      el('h3', {}, 'Call'), el('pre', { id: 'detail-call' }, JSON.stringify(d.input, null, 2)),
      el('h3', {}, 'Analysis'), el('ul', { id: 'detail-analysis' }, el('li', { class: 'muted' }, 'analysing…')),
      el('h3', {}, 'Rules that fired'), el('ul', {}, (d.rules || []).map(r => el('li', {}, r))),
      el('h3', {}, 'Chain position'), dl([['seq', d.seq], ['event id', d.id]]));
    api('/decisions/' + d.seq + '/analysis').then(a => {
      clear(document.getElementById('detail-analysis')).append(...tree(a.analysis || []));
    }).catch(e => {
      clear(document.getElementById('detail-analysis')).append(el('li', { class: 'muted' }, e.message));
    });
  }
  function tree(nodes) {
    return nodes.map(n => el('li', {}, n.text, n.children && n.children.length ? el('ul', {}, tree(n.children)) : null));
  }

  // The stream never drops a decision for a slow reader (it waits for the page), and the browser's own reconnect
  // resumes from the last event id. A stream the bridge refused to resume (the browser then gives up) is replaced by
  // a new one from now, and the decisions in between are paged in from the API, so a reconnect loses no row.
  let source;
  function follow() {
    source = new EventSource('/console/api/v1/decisions/stream');
    source.addEventListener('open', () => { state.textContent = 'live'; });
    source.addEventListener('error', () => {
      state.textContent = 'reconnecting…';
      if (source.readyState === EventSource.CLOSED) setTimeout(() => { const from = lastSeq; follow(); refill(from); }, 1000);
    });
    // Only the raw text is kept here: parsing and drawing wait for the frame.
    source.addEventListener('decision', e => {
      const seq = Number(e.lastEventId);
      if (seq > lastSeq) lastSeq = seq;
      enqueue({ seq, data: e.data });
    });
  }
  async function refill(after) {
    try {
      for (;;) {
        const page = await api('/v1/decisions?limit=500&after=' + after);
        for (const d of page.decisions) { enqueue({ seq: d.seq, d }); after = Math.max(after, d.seq); }
        if (page.decisions.length < 500) return;
      }
    } catch (e) { state.textContent = 'missed decisions after seq ' + after + ': ' + e.message; }
  }
  follow();

  // The page opens on the latest decisions only (at most the last 300 events' worth): a short first answer and a
  // short first draw, whatever the size of the store; older ones are a filter on the API or the CLI away.
  api('/v1/status').then(status => {
    const after = Math.max(0, status.lastSeq - 300);
    return api('/v1/decisions?limit=300&after=' + after);
  }).then(page => { add(page.decisions); render(); performance.mark('lighthouse-table-ready'); })
    .catch(e => { state.textContent = e.message; });
}

// ---------------------------------------------------------------- reviews
function reviews() {
  const tbody = document.querySelector('#reviews tbody');
  const panel = document.getElementById('review');
  const search = document.getElementById('r-search');
  const pendingButton = document.getElementById('show-pending');
  const resolvedButton = document.getElementById('show-resolved');
  let status = 'pending';
  let list = [];

  function text(r) { return JSON.stringify(r).toLowerCase(); }
  function render() {
    const q = search.value.trim().toLowerCase();
    clear(tbody);
    for (const r of list) {
      if (q && !text(r).includes(q)) continue;
      const c = r.case || {};
      tbody.append(el('tr', { 'data-id': r.id, class: 'status-' + r.status, onclick: () => open(r.id) },
        el('td', {}, r.id), el('td', {}, r.status), el('td', {}, c.agent), el('td', {}, c.tool),
        el('td', { class: 'call' }, short(callText(c.input), 160)), el('td', {}, r.route ? r.route.name : ''),
        el('td', {}, (r.votes || []).filter(v => v.counted).length + '/' + (r.route ? r.route.quorum : '?')),
        el('td', {}, when(r.deadline))));
    }
  }
  async function load() {
    try {
      const page = await api('/v1/reviews?status=' + status + '&limit=1000');
      list = page.reviews.slice().reverse();
      render();
    } catch (e) { clear(tbody).append(el('tr', {}, el('td', { colspan: 8 }, e.message))); }
  }
  function choose(s) {
    status = s;
    pendingButton.classList.toggle('on', s === 'pending');
    resolvedButton.classList.toggle('on', s === 'resolved');
    load();
  }
  pendingButton.addEventListener('click', () => choose('pending'));
  resolvedButton.addEventListener('click', () => choose('resolved'));
  search.addEventListener('input', render);

  async function open(id) {
    panel.hidden = false;
    clear(panel).append(el('p', { class: 'muted' }, 'loading ' + id + '…'));
    let r;
    try { r = await api('/v1/reviews/' + encodeURIComponent(id)); } catch (e) {
      clear(panel).append(el('p', { class: 'problem' }, e.message));
      return;
    }
    const c = r.case || {};
    const route = r.route || {};
    const denies = (r.votes || []).filter(v => v.counted && v.verdict === 'deny').length;
    const risky = c.risk === 'high' || c.risk === 'critical';
    clear(panel).append(
      el('h2', {}, 'Review ', r.id),
      dl([['status', r.status], ['agent', c.agent], ['tool', c.tool], ['cwd', c.cwd], ['project', c.project],
        ['risk', c.risk], ['reason', c.reason], ['deadline', r.deadline], ['created', r.created]]),
      el('h3', {}, 'Call'), el('pre', { id: 'review-call' }, JSON.stringify(c.input, null, 2)),
      el('h3', {}, 'Analysis'), el('ul', {}, (c.analysis || []).map(a => el('li', {}, a))),
      el('h3', {}, 'Rules'), el('ul', {}, (c.rules || []).map(a => el('li', {}, a))),
      el('h3', {}, 'Route'), dl([['name', route.name], ['reviewers', (route.reviewers || []).join(', ')],
        ['quorum', route.quorum], ['mode', route.mode], ['on timeout', route.onTimeout], ['guidance', route.guidance]]),
      el('h3', {}, 'Votes'), el('ul', { id: 'votes' }, (r.votes || []).map(v => el('li', {},
        v.reviewer + ': ' + v.verdict + (v.counted ? '' : ' (not counted: ' + v.ignored + ')') + ' — ' + v.reason))),
      el('h3', {}, "The agent's recent calls"), el('ul', {}, (c.recentHistory || []).map(a => el('li', {}, a))),
      r.resolution ? el('p', { id: 'resolution' }, 'Resolved: ' + r.resolution.outcome) : voteForm(r, denies > 0 || risky));
  }
  function voteForm(r, confirmApprove) {
    const reason = el('input', { id: 'vote-reason', size: 40, required: true, placeholder: 'why' });
    const result = el('p', { id: 'vote-result', class: 'result' });
    const confirm = el('label', { class: 'confirm', hidden: !confirmApprove },
      el('input', { type: 'checkbox', id: 'confirm-allow' }), ' I approve a call others denied or the policy ranks high risk');
    async function vote(verdict) {
      if (!reason.value.trim()) { result.textContent = 'Say why.'; return; }
      if (verdict === 'approve' && confirmApprove && !document.getElementById('confirm-allow').checked) {
        result.textContent = 'Confirm the approval first.';
        return;
      }
      try {
        const answer = await api('/v1/reviews/' + encodeURIComponent(r.id) + '/verdict', 'POST',
          { verdict: verdict, reason: reason.value.trim() });
        result.textContent = 'Counted; the review is ' + answer.review.status + '.';
        load();
      } catch (e) { result.textContent = e.message; }
    }
    return el('div', { class: 'vote' }, el('label', {}, 'Reason ', reason), confirm,
      el('button', { type: 'button', id: 'approve', onclick: () => vote('approve') }, 'Approve'),
      el('button', { type: 'button', id: 'deny', onclick: () => vote('deny') }, 'Deny'), result);
  }
  const wanted = new URLSearchParams(location.search).get('review');
  if (wanted) open(wanted);
  load();
  const source = new EventSource('/console/api/v1/reviews/stream');
  source.addEventListener('review.requested', load);
  source.addEventListener('review.resolved', load);
}

// ---------------------------------------------------------------- policy
function policy() {
  const statusBox = document.getElementById('policy-status');
  const shadowBox = document.getElementById('shadow');
  function version(label, v) {
    return v ? el('p', { class: 'version' }, el('strong', {}, label + ': '), v.name + '@' + v.version.slice(0, 12),
      v.percent ? ' (' + v.percent + ' %)' : '', ' since ' + v.since, v.by ? ' by ' + v.by : '') : null;
  }
  async function load() {
    try {
      const s = await api('/v1/policy');
      clear(statusBox).append(version('active', s.active), version('canary', s.canary), version('shadow', s.shadow),
        el('table', { id: 'history' }, el('thead', {}, el('tr', {}, ['seq', 'at', 'event', 'version', 'by', 'reason'].map(h => el('th', {}, h)))),
          el('tbody', {}, (s.history || []).slice().reverse().map(h => el('tr', {}, el('td', {}, h.seq), el('td', {}, h.at),
            el('td', {}, h.event), el('td', {}, String(h.version || '').slice(0, 12)), el('td', {}, h.by), el('td', {}, h.reason))))));
    } catch (e) { clear(statusBox).append(el('p', { class: 'problem' }, e.message)); }
    try {
      const r = await api('/v1/policy/shadow');
      clear(shadowBox).append(dl([['candidate', r.candidateName + '@' + r.candidate.slice(0, 12)], ['compared', r.compared],
        ['differing', r.differing]]), el('ul', {}, Object.entries(r.pairs || {}).map(([k, v]) => el('li', {}, k + ': ' + v))),
        el('ul', {}, (r.recent || []).map(x => el('li', {}, x.agent + ' ' + x.tool + ' ' + short(x.input, 200)))));
    } catch (e) { clear(shadowBox).append(el('p', { class: 'muted' }, e.message)); }
  }
  document.getElementById('diff').addEventListener('click', async () => {
    const out = clear(document.getElementById('diff-out'));
    try {
      const [a, b] = await Promise.all(['diff-a', 'diff-b'].map(id =>
        api('/v1/policy/versions/' + encodeURIComponent(document.getElementById(id).value.trim()))));
      const lines = v => v.layers.flatMap(l => ['# layer ' + l.name].concat(String(l.text).split('\n')));
      for (const [op, line] of diff(lines(a), lines(b))) out.append(el('span', { class: 'd' + op }, op + ' ' + line + '\n'));
    } catch (e) { out.textContent = e.message; }
  });
  const apply = document.getElementById('apply-form');
  const result = document.getElementById('policy-result');
  if (apply) {
    apply.addEventListener('submit', async ev => {
      ev.preventDefault();
      const f = new FormData(apply);
      const body = { layers: [{ name: f.get('name'), text: f.get('text') }], mode: f.get('mode'), reason: f.get('reason') };
      if (f.get('mode') === 'canary') body.canaryPercent = Number(f.get('canaryPercent'));
      try { await api('/v1/policy', 'POST', body); result.textContent = 'Applied.'; load(); } catch (e) { result.textContent = e.message; }
    });
    const rollout = document.getElementById('rollout-form');
    rollout.addEventListener('submit', async ev => {
      ev.preventDefault();
      const f = new FormData(rollout);
      const action = ev.submitter ? ev.submitter.value : 'promote';
      const body = { reason: f.get('reason') };
      if (action === 'rollback' && f.get('version')) body.version = f.get('version');
      try { await api('/v1/policy/' + action, 'POST', body); result.textContent = action + ': done.'; load(); } catch (e) { result.textContent = e.message; }
    });
  }
  load();
}

/** A line diff (longest common subsequence): [' ', line], ['-', line], ['+', line]. */
function diff(a, b) {
  const n = a.length, m = b.length;
  const L = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push([' ', a[i]]); i++; j++; }
    else if (L[i + 1][j] >= L[i][j + 1]) out.push(['-', a[i++]]);
    else out.push(['+', b[j++]]);
  }
  while (i < n) out.push(['-', a[i++]]);
  while (j < m) out.push(['+', b[j++]]);
  return out;
}

// ---------------------------------------------------------------- health
function health() {
  api('/v1/sla').then(s => {
    const tbody = clear(document.querySelector('#sla tbody'));
    for (const t of s.thresholds) tbody.append(el('tr', { class: 'sla-' + t.state },
      el('td', {}, t.name), el('td', {}, t.value), el('td', {}, t.limit), el('td', {}, t.window), el('td', {}, t.state)));
  }).catch(e => document.querySelector('#sla tbody').append(el('tr', {}, el('td', { colspan: 5 }, e.message))));
  Promise.all([api('/v1/status'), api('/integrity').catch(() => null)]).then(([s, integrity]) => {
    const pairs = [['version', s.version], ['started', s.started], ['policy', s.policy.name + '@' + s.policy.hash.slice(0, 12)],
      ['auth', s.auth], ['in flight', s.inFlight], ['last seq', s.lastSeq]];
    if (integrity) pairs.push(['integrity', integrity.status + ' (' + integrity.violations + ' violations recorded)'],
      ['latest violation', integrity.latest], ['chain head', integrity.headSeq],
      ['last sweep', integrity.lastSweep ? when(integrity.lastSweep.at) + ': ' + integrity.lastSweep.eventsChecked
        + ' events in ' + integrity.lastSweep.millis + ' ms, intact up to seq ' + integrity.lastSweep.intactUpTo
        : 'none yet (the integrity watch is off, or its first sweep is running)']);
    clear(document.getElementById('status')).append(...dl(pairs).childNodes);
  }).catch(() => {});
  api('/latency').then(chart).catch(() => {});
  api('/v1/leases').then(l => {
    const tbody = clear(document.querySelector('#leases tbody'));
    for (const x of l.leases || []) tbody.append(el('tr', {}, el('td', {}, x.id), el('td', {}, x.agent), el('td', {}, x.path), el('td', {}, x.expires)));
  }).catch(() => {});
  api('/v1/elicitations').then(l => {
    const tbody = clear(document.querySelector('#elicitations tbody'));
    for (const x of l.elicitations || []) tbody.append(el('tr', {}, el('td', {}, x.id), el('td', {}, x.from), el('td', {}, short(x.question, 120)), el('td', {}, x.state)));
  }).catch(() => {});
  const agents = document.querySelector('#agents tbody');
  if (agents) {
    const result = document.getElementById('agents-result');
    const loadAgents = () => api('/agents').then(a => {
      clear(agents);
      for (const x of a.agents) agents.append(el('tr', {}, el('td', {}, x.name), el('td', {}, x.role), el('td', {}, x.issued),
        el('td', {}, x.active ? 'active' : 'revoked'),
        el('td', {}, x.active ? el('button', { type: 'button', class: 'revoke', onclick: async () => {
          try { await api('/agents/' + encodeURIComponent(x.name) + '/revoke', 'POST', {}); result.textContent = x.name + ' revoked.'; loadAgents(); }
          catch (e) { result.textContent = e.message; }
        } }, 'Revoke') : '')));
    }).catch(e => { result.textContent = e.message; });
    const form = document.getElementById('issue-form');
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const f = new FormData(form);
      try {
        const issued = await api('/agents', 'POST', { name: f.get('name'), role: f.get('role') });
        result.textContent = 'Token for ' + issued.name + ' (shown once): ' + issued.token;
        loadAgents();
      } catch (e) { result.textContent = e.message; }
    });
    loadAgents();
  }
  const logins = document.querySelector('#logins tbody');
  if (logins) {
    api('/logins').then(l => {
      clear(logins);
      for (const x of l.entries) logins.append(el('tr', { class: 'login-' + x.action.split(':')[0].replace(' ', '-') },
        el('td', {}, x.seq), el('td', {}, when(x.time)), el('td', {}, x.who ? x.who + (x.role ? ' (' + x.role + ')' : '') : '—'),
        el('td', {}, x.action + (x.unrecorded ? ' (and ' + x.unrecorded + ' refusals before it not recorded)' : '')),
        el('td', {}, x.via), el('td', {}, (x.from || '') + (x.forwardedFor ? ' (forwarded for ' + x.forwardedFor + ')' : '')),
        el('td', {}, short(x.userAgent, 60))));
    }).catch(e => logins.append(el('tr', {}, el('td', { colspan: 7 }, e.message))));
  }
}

/** p50 and p99 per minute on a canvas: no chart library, no inline style. */
function chart(data) {
  const canvas = document.getElementById('latency');
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, pad = 30;
  ctx.clearRect(0, 0, w, h);
  const points = data.minutes || [];
  const max = Math.max(1, ...points.map(p => p.p99Micros));
  ctx.strokeStyle = '#888';
  ctx.strokeRect(pad, 5, w - pad - 5, h - pad);
  ctx.fillStyle = '#444';
  ctx.fillText(max + ' µs', 2, 12);
  ctx.fillText('-60 min', pad, h - 10);
  ctx.fillText('now', w - 30, h - 10);
  const x = i => pad + (w - pad - 5) * (i / 59);
  const y = v => 5 + (h - pad) * (1 - v / max);
  for (const [key, color] of [['p50Micros', '#2a7'], ['p99Micros', '#c33']]) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    points.forEach((p, i) => { const px = x(p.minute), py = y(p[key]); if (i) ctx.lineTo(px, py); else ctx.moveTo(px, py); });
    ctx.stroke();
  }
}

const PAGES = { live, reviews, policy, health };
if (PAGES[document.body.dataset.page]) PAGES[document.body.dataset.page]();
