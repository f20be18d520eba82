// connmonitor --web: the live page. Polls the monitor's JSON API every two seconds and draws with uPlot.
// Every text from the monitor (names, addresses, Server headers, MySQL versions) goes into the page as
// text (textContent), never as HTML.
(function () {
  'use strict';

  const POLL_MS = 2000;
  const PAGE = 50;
  // The smoke: the outer pair of quantiles lightest (min..max), the inner darkest (25 %..75 %).
  const SHADES = [[0, 6, '#e4e4e4'], [1, 5, '#c4c4c4'], [2, 4, '#9a9a9a']];

  // the helpers shared with the report (common.js, loaded before this script)
  const { LOSS_CLASSES, TIME_AXIS, lossColour, el, fmtTime, fmtClock, fmtMs, fmtPct } = window.connmonitorPage;
  // most of this page's elements are a text with a class
  const cell = (tag, text, cls) => el(tag, cls ? { class: cls } : null, text);
  const $ = id => document.getElementById(id);
  const state = { query: '', labels: {}, offset: 0, selected: null, range: 'hour', lastOk: null, failingSince: null };
  // For readers of the page (and its tests): what it shows, and the chart drawing it.
  const live = { overview: null, host: null, chart: null, polls: 0, failures: 0, state };
  window.connmonitorLive = live;

  function fmtAgo(ms, now) {
    if (!ms) return 'never';
    const s = Math.max(0, Math.round((now - ms) / 1000));
    return s < 120 ? s + ' s ago' : s < 7200 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
  }

  async function getJson(url) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5000);
    try {
      const response = await fetch(url, { signal: abort.signal, cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  }

  // ---------- overview

  function renderOverview(data) {
    live.overview = data;
    if (live.firstShownMs == null) { // since the page was asked for; then the charts' library, while nobody waits
      live.firstShownMs = performance.now();
      setTimeout(loadCharts, 0);
    }
    const body = $('hosts').tBodies[0];
    const rows = [];
    for (const h of data.hosts) {
      const tr = document.createElement('tr');
      tr.dataset.id = h.id;
      if (h.id === state.selected) tr.className = 'selected';
      const name = cell('td');
      const dot = cell('span', null, 'loss');
      dot.style.background = h.loss == null ? '#d0d7de' : lossColour(h.loss);
      name.append(dot, document.createTextNode(h.name));
      const slow = h.rtt != null && h.usual != null && h.rtt > 1.5 * h.usual;
      tr.append(name, cell('td', h.addr), cell('td', fmtPct(h.loss), 'num'), cell('td', fmtMs(h.rtt), 'num' + (slow ? ' slow' : '')),
        cell('td', fmtMs(h.usual), 'num'), cell('td', fmtAgo(h.last, data.now)),
        cell('td', h.routeChanges ? h.routeChanges + ' changed' : ''),
        cell('td', h.scanUp < 0 ? '' : h.scanUp + ' of 3 up'), cell('td', labelText(h.labels), 'labels'));
      tr.addEventListener('click', () => select(h.id));
      rows.push(tr);
    }
    body.replaceChildren(...rows);
    const first = data.matched === 0 ? 0 : data.offset + 1;
    $('count').textContent = first + '–' + (data.offset + data.hosts.length) + ' of ' + data.matched.toLocaleString('en-US') +
      (data.matched !== data.total ? ' matching (' + data.total.toLocaleString('en-US') + ' hosts)' : ' hosts') + ', worst first';
    $('previous').disabled = data.offset === 0;
    $('next').disabled = data.offset + data.hosts.length >= data.matched;
  }

  const labelText = labels => Object.entries(labels || {}).map(([k, v]) => k + '=' + v).join(' ');

  // The monitor's name (--vantage) in the header, and a filter per label name: its values to choose from
  // (a name with very many values has none listed: type NAME=VALUE into the search box instead).
  let shownLabels = null;
  function renderFilters(data) {
    const vantage = $('vantage');
    vantage.hidden = !data.vantage;
    vantage.textContent = data.vantage ? 'seen from ' + data.vantage : '';
    document.title = 'connmonitor live' + (data.vantage ? ' @ ' + data.vantage : '');
    const key = JSON.stringify(data.labels || {});
    if (key === shownLabels) return; // unchanged: an open list is not pulled from under the pointer
    shownLabels = key;
    const selects = Object.entries(data.labels || {}).filter(([, values]) => values.length > 0).map(([name, values]) => {
      const select = el('select', { 'data-label': name, title: 'only hosts with this ' + name });
      select.append(el('option', { value: '' }, name + ': any'));
      for (const value of values) select.append(el('option', { value }, name + '=' + value));
      if (!values.includes(state.labels[name])) delete state.labels[name];
      select.value = state.labels[name] || '';
      select.addEventListener('change', () => {
        if (select.value) state.labels[name] = select.value; else delete state.labels[name];
        state.offset = 0;
        poll();
      });
      return select;
    });
    $('label-filters').replaceChildren(...selects);
  }

  // What the overview asks the monitor for: the search box's text and the chosen labels as NAME=VALUE terms.
  function query() {
    return [state.query, ...Object.entries(state.labels).map(([name, value]) => name + '=' + value)].join(' ').trim();
  }

  // ---------- one host

  function renderHost(data) {
    live.host = data;
    $('host').hidden = false;
    $('host-title').textContent = data.name + (data.name === data.addr ? '' : ' (' + data.addr + ')') +
      (Object.keys(data.labels || {}).length ? '  ' + labelText(data.labels) : '');
    $('host-summary').textContent = 'loss now ' + fmtPct(data.loss) + ', RTT now ' + fmtMs(data.rtt) + ', usually ' +
      fmtMs(data.usual) + '; buckets of ' + Math.round(data.bucketMs / 60000) + ' min, last measured ' + fmtTime(data.last);
    for (const b of document.querySelectorAll('.ranges button')) b.classList.toggle('active', b.dataset.range === state.range);
    drawChart(data);
    renderRoutes(data);
    renderTrace(data);
    renderScan(data);
    renderPath(data);
  }

  function renderPath(data) {
    $('path-box').hidden = !data.path;
    if (!data.path) return;
    $('path-time').textContent = fmtTime(data.path.time) + ', over the last ' + data.path.rounds + ' traces';
    $('path').tBodies[0].replaceChildren(...data.path.hops.map(h => {
      const tr = document.createElement('tr');
      tr.append(cell('td', h.hop, 'num'), cell('td', h.addr == null ? '???' : h.addr), cell('td', fmtPct(h.loss), 'num'),
        cell('td', h.sent, 'num'), cell('td', fmtMs(h.last), 'num'), cell('td', fmtMs(h.avg), 'num'), cell('td', fmtMs(h.best), 'num'),
        cell('td', fmtMs(h.worst), 'num'), cell('td', fmtMs(h.jitter), 'num'));
      return tr;
    }));
  }

  // uPlot (the report's charting library, from this server) as a script element added once, when first needed.
  function loadCharts() {
    let script = $('uplot');
    if (!script) {
      script = el('script', { src: '/assets/uPlot.iife.min.js', id: 'uplot' });
      document.body.append(script);
    }
    return script;
  }

  function drawChart(data) {
    const target = $('chart');
    if (typeof uPlot === 'undefined') { // still loading: draw once it is there
      loadCharts().addEventListener('load', () => { if (live.host === data) drawChart(data); }, { once: true });
      return;
    }
    if (live.chart) live.chart.destroy();
    const half = data.bucketMs / 2000;
    const xs = data.t.map(t => t / 1000 + half);
    const s = data.smoke;
    const width = Math.max(400, Math.min(1200, target.parentElement.clientWidth - 20));
    const opts = {
      width, height: 320,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: [data.from / 1000, data.now / 1000] }, y: { range: yRange(s) } },
      axes: [{ values: TIME_AXIS }, { label: 'RTT (ms)', size: 70 }],
      series: [{}, { label: 'max', stroke: 'transparent', points: { show: false } },
        { label: 'min', stroke: 'transparent', points: { show: false } }],
      hooks: { draw: [u => drawSmoke(u, data, xs, half)] },
    };
    live.chart = new uPlot(opts, [xs, s[6], s[0]], target);
  }

  // From 0, as SmokePing draws, up to a little above the highest 90 % quantile: one stray reply of a
  // second must not flatten a day of 20 ms (the shades it makes run off the top instead).
  function yRange(s) {
    let top = 0;
    for (const v of s[5]) if (v != null && v > top) top = v;
    let max = 0;
    for (const v of s[6]) if (v != null && v > max) max = v;
    top = Math.min(max, top * 1.5) || max || 1;
    return () => [0, top * 1.05];
  }

  function drawSmoke(u, data, xs, half) {
    const ctx = u.ctx;
    const s = data.smoke;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    const dpr = u.bbox.width / u.width || 1;
    for (let i = 0; i < xs.length; i++) {
      const x0 = u.valToPos(xs[i] - half, 'x', true);
      const x1 = u.valToPos(xs[i] + half, 'x', true);
      const w = Math.max(1, x1 - x0);
      if (s[3][i] == null) { // nothing came back: a dark strip along the top
        ctx.fillStyle = lossColour(100);
        ctx.fillRect(x0, u.bbox.top, w, 6 * dpr);
        continue;
      }
      for (const [lo, hi, shade] of SHADES) {
        const top = u.valToPos(s[hi][i], 'y', true);
        const bottom = u.valToPos(s[lo][i], 'y', true);
        ctx.fillStyle = shade;
        ctx.fillRect(x0, top, w, Math.max(1, bottom - top));
      }
      const y = u.valToPos(s[3][i], 'y', true);
      ctx.fillStyle = lossColour(data.lossPct[i]);
      ctx.fillRect(x0, y - 1.5 * dpr, w, 3 * dpr);
    }
    ctx.strokeStyle = 'rgba(234,88,12,0.8)';
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    for (const change of data.routeChanges) {
      const x = u.valToPos(change.time / 1000, 'x', true);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  }

  function renderLegend() {
    const legend = $('legend');
    const parts = [];
    for (const [lo, hi, shade] of SHADES) {
      const span = cell('span');
      const box = cell('i');
      box.style.background = shade;
      const names = ['min', '10 %', '25 %', 'median', '75 %', '90 %', 'max'];
      span.append(box, document.createTextNode(names[lo] + '–' + names[hi] + ' of single RTTs'));
      parts.push(span);
    }
    for (const c of LOSS_CLASSES) {
      const span = cell('span');
      const box = cell('i');
      box.style.background = c.colour;
      span.append(box, document.createTextNode('median, loss ' + c.label));
      parts.push(span);
    }
    const route = cell('span', '┆ route changed');
    route.style.color = '#ea580c';
    parts.push(route);
    legend.replaceChildren(...parts);
  }

  function renderRoutes(data) {
    const rows = data.routeChanges.slice().reverse().map(c => {
      const tr = document.createElement('tr');
      tr.append(cell('td', fmtTime(c.time)), cell('td', c.before.join(' → ')), cell('td', c.after.join(' → ')));
      return tr;
    });
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      tr.append(cell('td', data.trace ? 'none since the monitor started' : 'no traces (trace=0)'));
      rows.push(tr);
    }
    $('routes').tBodies[0].replaceChildren(...rows);
  }

  function renderTrace(data) {
    $('trace-time').textContent = data.trace ? fmtTime(data.trace.time) : 'no trace yet';
    const rows = (data.trace ? data.trace.steps : []).map((step, i) => {
      const tr = document.createElement('tr');
      tr.append(cell('td', i + 1, 'num'), cell('td', step[0]), cell('td', step.length > 1 ? fmtMs(step[1]) : '', 'num'));
      return tr;
    });
    $('trace').tBodies[0].replaceChildren(...rows);
  }

  function renderScan(data) {
    $('scan-time').textContent = data.scan ? fmtTime(data.scan.time) : 'no scan yet';
    const rows = [];
    if (data.scan) {
      for (const [key, label] of [['http', 'HTTP (80)'], ['https', 'HTTPS (443)'], ['mysql', 'MySQL (3306)']]) {
        const svc = data.scan[key];
        let text = 'None';
        if (svc && key === 'mysql') text = fmtMs(svc.rtt) + ', ' + svc.version;
        else if (svc) text = fmtMs(svc.rtt) + ', ' + svc.code + ', ' + svc.server +
          (svc.verified === false ? ' (certificate not verified)' : '');
        const tr = document.createElement('tr');
        tr.append(cell('td', label), cell('td', text));
        tr.dataset.service = key;
        rows.push(tr);
      }
    }
    $('scan').tBodies[0].replaceChildren(...rows);
  }

  // ---------- polling

  async function poll() {
    live.polls++;
    try {
      const q = encodeURIComponent(query());
      const overview = await getJson('/api/overview?q=' + q + '&offset=' + state.offset + '&limit=' + PAGE);
      renderFilters(overview);
      renderOverview(overview);
      if (state.selected != null) {
        const host = await getJson('/api/host?id=' + state.selected + '&range=' + state.range);
        if (state.selected != null) renderHost(host);
      }
      state.lastOk = Date.now();
      state.failingSince = null;
      $('down').hidden = true;
      $('status').textContent = 'live, updated ' + fmtClock(state.lastOk);
    } catch (failed) {
      live.failures++;
      if (state.failingSince == null) state.failingSince = Date.now();
      const down = $('down');
      down.hidden = false;
      down.textContent = 'The monitor is not answering (since ' + fmtClock(state.failingSince) + ': ' + failed.message +
        '). Showing what it last sent' + (state.lastOk ? ' at ' + fmtClock(state.lastOk) : '') + '; retrying every ' +
        POLL_MS / 1000 + ' s.';
      $('status').textContent = 'not answering';
    }
  }

  async function loop() {
    await poll();
    setTimeout(loop, POLL_MS);
  }

  function select(id) {
    state.selected = id;
    poll();
  }

  let searchTimer = null;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.query = $('search').value;
      state.offset = 0;
      poll();
    }, 200);
  });
  $('previous').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); poll(); });
  $('next').addEventListener('click', () => { state.offset += PAGE; poll(); });
  $('close').addEventListener('click', () => {
    state.selected = null;
    $('host').hidden = true;
    if (live.chart) live.chart.destroy();
    live.chart = null;
    live.host = null;
  });
  for (const b of document.querySelectorAll('.ranges button')) {
    b.addEventListener('click', () => { state.range = b.dataset.range; poll(); });
  }
  renderLegend();
  loop();
})();
