// connmonitor report: draws the data that `connmonitor report` put into this page, with uPlot.
// Per host: RTT band (min..max of the bursts in each time bucket; with quantiles=1 records also the shades of the
// single RTTs' quantiles, real smoke) with the median line coloured by loss,
// a loss strip, a scan status strip and the route changes. All charts share one time axis. Below: the path as
// mtr shows it, and the sets of paths over time (pathsets.js).
(function () {
  'use strict';

  const report = JSON.parse(document.getElementById('report-data').textContent);
  const app = document.getElementById('app');
  // For readers of the page (and its tests): the data, and per host the uPlot charts drawing it.
  window.connmonitorReport = report;
  const charts = {};
  window.connmonitorCharts = charts;
  const allCharts = [];

  // the helpers shared with the live view (common.js, inlined before this script)
  const { LOSS_CLASSES, TIME_AXIS, lossColour, el, fmtTime, fmtMs, fmtPct, num, plural } = window.connmonitorPage;
  const SCAN_COLOURS = { up: '#16a34a', down: '#dc2626', mixed: '#f59e0b', absent: '#d0d7de' };
  const SERVICES = ['http', 'https', 'mysql'];
  const Y_AXIS_SIZE = 70;

  // ---------- small helpers

  function fmtSpan(ms) {
    if (ms < 1000) return ms + ' ms';
    const s = ms / 1000;
    if (s < 120) return s.toFixed(0) + ' s';
    if (s < 7200) return (s / 60).toFixed(0) + ' min';
    if (s < 172800) return (s / 3600).toFixed(1) + ' h';
    return (s / 86400).toFixed(1) + ' days';
  }

  function median(values) {
    if (values.length === 0) return 0;
    const s = values.slice().sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }

  // The usual distance between points: gaps much longer than this are breaks in the line.
  function typicalSpacing(times, widthMs) {
    const deltas = [];
    for (let i = 1; i < times.length; i++) deltas.push(times[i] - times[i - 1]);
    return Math.max(median(deltas), widthMs);
  }

  // ---------- time window shared by all charts

  let first = Infinity, last = -Infinity;
  for (const h of report.hosts) {
    if (h.summary.first != null) first = Math.min(first, h.summary.first);
    if (h.summary.last != null) last = Math.max(last, h.summary.last);
  }
  if (!isFinite(first)) { first = report.generatedAt - 3600e3; last = report.generatedAt; }
  // a little room at both ends, and at least ten seconds in view
  const room = Math.max((last - first) * 0.01, (10e3 - (last - first)) / 2, 500);
  first -= room;
  last += room;
  const full = { min: first / 1000, max: last / 1000 };
  let syncing = false;
  let rangeLabel = null;

  function setAll(min, max) {
    const span = max - min;
    if (!(span > 0)) return;
    syncing = true;
    try {
      for (const u of allCharts) u.setScale('x', { min, max });
    } finally {
      syncing = false;
    }
    if (rangeLabel) rangeLabel.textContent = fmtTime(min * 1000) + ' – ' + fmtTime(max * 1000);
  }
  function followScale(u, key) {
    if (key !== 'x' || syncing) return;
    setAll(u.scales.x.min, u.scales.x.max);
  }
  function zoomBy(factor, centre) {
    const u = allCharts[0];
    if (!u) return;
    const { min, max } = u.scales.x;
    const c = centre == null ? (min + max) / 2 : centre;
    const span = Math.max((max - min) * factor, 1);
    let lo = c - (c - min) * factor, hi = lo + span;
    setAll(lo, hi);
  }
  function panBy(fraction) {
    const u = allCharts[0];
    if (!u) return;
    const { min, max } = u.scales.x;
    const d = (max - min) * fraction;
    setAll(min + d, max + d);
  }

  // Ctrl+wheel zooms around the pointer, shift+drag pans, double-click shows everything; a plain drag
  // selects a stretch of time to zoom into (uPlot's own).
  function addNavigation(u) {
    u.over.addEventListener('wheel', e => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      zoomBy(e.deltaY < 0 ? 0.7 : 1 / 0.7, u.posToVal(e.offsetX, 'x'));
    }, { passive: false });
    u.over.addEventListener('dblclick', () => setAll(full.min, full.max));
    u.root.addEventListener('mousedown', e => {
      if (!e.shiftKey || e.button !== 0) return;
      e.stopPropagation();
      e.preventDefault();
      const startX = e.clientX, { min, max } = u.scales.x, width = u.over.clientWidth;
      const move = m => {
        const d = (m.clientX - startX) / width * (max - min);
        setAll(min - d, max - d);
      };
      const up = () => {
        document.removeEventListener('mousemove', move);
        document.removeEventListener('mouseup', up);
      };
      document.addEventListener('mousemove', move);
      document.addEventListener('mouseup', up);
    }, true);
  }

  function baseOptions(width, height, showTimeAxis) {
    return {
      width, height,
      // the same left (fixed y axis size) and right padding on every chart, so their time axes line up
      padding: [8, 28, showTimeAxis ? null : 2, null],
      legend: { show: false },
      cursor: {
        sync: { key: 'connmonitor' },
        y: false, // a horizontal cursor line means nothing on the other hosts' charts
        drag: { x: true, y: false, setScale: true },
        bind: { dblclick: () => null },
      },
      scales: { x: { time: true } },
      axes: [
        { show: showTimeAxis, values: TIME_AXIS, space: 80, stroke: '#59636e', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#d1d9e0' } },
        { size: Y_AXIS_SIZE, stroke: '#59636e', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#d1d9e0' } },
      ],
      hooks: { setScale: [followScale] },
    };
  }

  function makeChart(opts, data, target) {
    const u = new uPlot(opts, data, target);
    allCharts.push(u);
    addNavigation(u);
    return u;
  }

  // ---------- per-host data for the charts

  // Rows for uPlot: one per time bucket, with an all-null row wherever the log has a gap, so lines break.
  function latencyRows(host) {
    const p = host.ping;
    const spacing = typicalSpacing(p.t, host.widthMs);
    const gap = Math.max(3 * spacing, 1.5 * host.widthMs);
    const x = [], max = [], min = [], med = [], loss = [], bucket = [];
    for (let i = 0; i < p.t.length; i++) {
      if (i > 0 && p.t[i] - p.t[i - 1] > gap) {
        x.push((p.t[i - 1] + spacing) / 1000);
        max.push(null); min.push(null); med.push(null); loss.push(null); bucket.push(-1);
      }
      x.push(p.t[i] / 1000);
      max.push(p.max[i]); min.push(p.min[i]); med.push(p.med[i]); loss.push(p.loss[i]); bucket.push(i);
    }
    return { x, max, min, med, loss, bucket, spacing, gap };
  }

  // The stretch of time a point stands for: half way to its neighbours, but no further than half the usual
  // spacing across a gap.
  function extents(times, spacing, gap) {
    const from = [], to = [];
    for (let i = 0; i < times.length; i++) {
      const prev = i > 0 && times[i] - times[i - 1] <= gap ? (times[i] - times[i - 1]) / 2 : spacing / 2;
      const next = i + 1 < times.length && times[i + 1] - times[i] <= gap ? (times[i + 1] - times[i]) / 2 : spacing / 2;
      from.push((times[i] - prev) / 1000);
      to.push((times[i] + next) / 1000);
    }
    return { from, to };
  }

  function visibleRange(u, xs) {
    const { min, max } = u.scales.x;
    let lo = 0, hi = xs.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (xs[m] < min) lo = m + 1; else hi = m; }
    let i0 = lo;
    lo = i0; hi = xs.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (xs[m] <= max) lo = m + 1; else hi = m; }
    return [i0, lo];
  }

  let clipOutliers = true;

  // The RTT axis: from 0 to a little above the visible bursts, leaving out the top 2 % of maxima when
  // clipping is on so that one spike does not flatten the rest. A host seen from several vantages has one axis
  // for all of them (group: the rows of each), so its charts side by side compare at a glance.
  function rttRange(group) {
    return u => {
      const tops = [];
      let topMedian = 0;
      for (const rows of group) {
        const [i0, i1] = visibleRange(u, rows.x);
        for (let i = i0; i < i1; i++) {
          if (rows.max[i] != null) tops.push(rows.max[i]);
          if (rows.med[i] != null) topMedian = Math.max(topMedian, rows.med[i]);
        }
      }
      if (tops.length === 0) return [0, 1];
      tops.sort((a, b) => a - b);
      const top = clipOutliers ? tops[Math.min(tops.length - 1, Math.floor(tops.length * 0.98))] : tops[tops.length - 1];
      return [0, Math.max(top, topMedian) * 1.1 || 1];
    };
  }

  // The median line's colour changes with the loss of each bucket: a gradient with hard stops half way
  // between points.
  function lossGradient(rows) {
    return u => {
      const ctx = u.ctx, left = u.bbox.left, width = u.bbox.width;
      if (!(width > 0)) return LOSS_CLASSES[0].colour;
      const g = ctx.createLinearGradient(left, 0, left + width, 0);
      const [i0, i1] = visibleRange(u, rows.x);
      let colour = null, pos = 0;
      for (let i = Math.max(0, i0 - 1); i < Math.min(rows.x.length, i1 + 1); i++) {
        if (rows.loss[i] == null) continue;
        const c = lossColour(rows.loss[i]);
        const px = u.valToPos(rows.x[i], 'x', true);
        if (colour === null) {
          g.addColorStop(0, c);
        } else if (c !== colour) {
          const prevPx = u.valToPos(rows.x[pos], 'x', true);
          const edge = Math.min(1, Math.max(0, ((prevPx + px) / 2 - left) / width));
          g.addColorStop(edge, colour);
          g.addColorStop(edge, c);
        }
        colour = c;
        pos = i;
      }
      if (colour !== null) g.addColorStop(1, colour);
      return colour === null ? LOSS_CLASSES[0].colour : g;
    };
  }

  function clipped(u, draw) {
    const ctx = u.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    draw(ctx);
    ctx.restore();
  }

  // ---------- the charts of one host

  function latencyChart(host, rows, group, target, width, info, routes) {
    const opts = baseOptions(width, 240, true);
    opts.scales.y = { range: rttRange(group) };
    opts.axes[1].label = 'RTT (ms)';
    opts.series = [
      {},
      { label: 'max', stroke: 'rgba(96,104,112,0.55)', width: 1, points: { show: false } },
      { label: 'min', stroke: 'rgba(96,104,112,0.55)', width: 1, points: { show: false } },
      { label: 'median', stroke: lossGradient(rows), width: 2, points: { size: 5 } },
    ];
    opts.bands = [{ series: [1, 2], fill: 'rgba(96,104,112,0.28)' }];
    opts.hooks.setCursor = [u => showPingInfo(host, rows, u.cursor.idx, info)];
    opts.hooks.draw = [u => routes.draw(u)];
    opts.hooks.ready = [u => routes.attach(u)];
    if (host.ping.s0) opts.hooks.drawClear = [u => drawSmoke(u, host.ping, rows)];
    return makeChart(opts, [rows.x, rows.max, rows.min, rows.med], target);
  }

  // Real smoke (records of quantiles=1 hosts): per bucket the quantiles of the single RTTs as two darker
  // shades inside the min..max band, 10 %..90 % and 25 %..75 %, drawn before the band and the median.
  const SMOKE_SHADES = [['s1', 's5', 'rgba(96,104,112,0.30)'], ['s2', 's4', 'rgba(96,104,112,0.45)']];
  function drawSmoke(u, p, rows) {
    const span = extents(rows.x.map(v => v * 1000), rows.spacing, rows.gap);
    clipped(u, ctx => {
      for (let r = 0; r < rows.x.length; r++) {
        const i = rows.bucket[r];
        if (i < 0 || p.s3[i] == null) continue;
        const x0 = u.valToPos(span.from[r], 'x', true);
        const x1 = u.valToPos(span.to[r], 'x', true);
        for (const [lo, hi, shade] of SMOKE_SHADES) {
          const top = u.valToPos(p[hi][i], 'y', true);
          const bottom = u.valToPos(p[lo][i], 'y', true);
          ctx.fillStyle = shade;
          ctx.fillRect(x0, top, Math.max(1, x1 - x0), Math.max(1, bottom - top));
        }
      }
    });
  }

  function lossChart(host, rows, target, width, info) {
    const opts = baseOptions(width, 64, false);
    opts.scales.y = { range: [0, 100] };
    opts.axes[1].splits = () => [0, 50, 100];
    opts.axes[1].values = (u, splits) => splits.map(v => v + ' %');
    opts.axes[1].label = 'loss';
    opts.series = [{}, { label: 'loss', stroke: 'transparent', width: 0, points: { show: false } }];
    const span = extents(rows.x.map(v => v * 1000), rows.spacing, rows.gap);
    opts.hooks.draw = [u => clipped(u, ctx => {
      const [i0, i1] = visibleRange(u, rows.x);
      const base = u.valToPos(0, 'y', true);
      for (let i = Math.max(0, i0 - 1); i < Math.min(rows.x.length, i1 + 1); i++) {
        const loss = rows.loss[i];
        if (loss == null) continue;
        const x0 = u.valToPos(span.from[i], 'x', true), x1 = u.valToPos(span.to[i], 'x', true);
        const top = loss > 0 ? Math.min(u.valToPos(loss, 'y', true), base - 3) : base - 1.5;
        ctx.fillStyle = lossColour(loss);
        ctx.fillRect(x0, top, Math.max(1, x1 - x0), base - top);
      }
    })];
    opts.hooks.setCursor = [u => showPingInfo(host, rows, u.cursor.idx, info)];
    return makeChart(opts, [rows.x, rows.loss], target);
  }

  function scanChart(host, target, width, info) {
    const s = host.scan;
    const x = s.t.map(t => t / 1000);
    const spacing = typicalSpacing(s.t, host.widthMs);
    const span = extents(s.t, spacing, Math.max(3 * spacing, 1.5 * host.widthMs));
    const opts = baseOptions(width, 84, false);
    opts.scales.y = { range: [0, 3] };
    opts.axes[1].splits = () => [0.5, 1.5, 2.5];
    opts.axes[1].values = () => ['mysql', 'https', 'http'];
    opts.axes[1].grid = { show: false };
    opts.axes[1].label = 'scans';
    // A service that never answered in the whole report is not there at all: grey, not an alarm.
    const present = SERVICES.map(name => s[name].up.some(up => up > 0));
    opts.series = [{}, { label: 'scans', stroke: 'transparent', width: 0, points: { show: false } }];
    opts.hooks.draw = [u => clipped(u, ctx => {
      const [i0, i1] = visibleRange(u, x);
      SERVICES.forEach((name, row) => {
        const svc = s[name];
        const yTop = u.valToPos(3 - row - 0.1, 'y', true), yBottom = u.valToPos(2 - row + 0.1, 'y', true);
        for (let i = Math.max(0, i0 - 1); i < Math.min(x.length, i1 + 1); i++) {
          if (!svc.total[i]) continue;
          ctx.fillStyle = !present[row] ? SCAN_COLOURS.absent : svc.up[i] === svc.total[i] ? SCAN_COLOURS.up
            : svc.up[i] === 0 ? SCAN_COLOURS.down : SCAN_COLOURS.mixed;
          const x0 = u.valToPos(span.from[i], 'x', true), x1 = u.valToPos(span.to[i], 'x', true);
          ctx.fillRect(x0, yTop, Math.max(1, x1 - x0), yBottom - yTop);
        }
      });
    })];
    opts.hooks.setCursor = [u => showScanInfo(host, x, u.cursor.idx, info)];
    return makeChart(opts, [x, x.map(() => 1.5)], target);
  }

  // ---------- what hovering shows

  function showPingInfo(host, rows, idx, info) {
    const i = idx == null ? -1 : rows.bucket[idx];
    info = info.ping;
    if (i == null || i < 0) { info.textContent = ''; return; }
    const p = host.ping;
    if (p.n[i] === 1) {
      info.textContent = fmtTime(p.t[i]) + '  ·  ping burst: ' + (p.min[i] == null
        ? 'no reply'
        : 'min ' + fmtMs(p.min[i]) + ', avg ' + fmtMs(p.avg[i]) + ', max ' + fmtMs(p.max[i]) +
          ', std ' + fmtMs(p.std[i])) + ', loss ' + fmtPct(p.loss[i]);
      return;
    }
    const start = Math.floor(p.t[i] / host.widthMs) * host.widthMs;
    info.textContent = fmtTime(start) + ' – ' + fmtTime(start + host.widthMs) + '  ·  ' + num(p.n[i]) +
      ' bursts: ' + (p.min[i] == null
        ? 'no reply'
        : 'min ' + fmtMs(p.min[i]) + ', median ' + fmtMs(p.med[i]) + ', mean ' + fmtMs(p.avg[i]) +
          ', max ' + fmtMs(p.max[i])) + ', loss ' + fmtPct(p.loss[i]);
  }

  function showScanInfo(host, x, idx, info) {
    info = info.scan;
    if (idx == null || idx < 0 || idx >= x.length) { info.textContent = ''; return; }
    const s = host.scan;
    const parts = SERVICES.map(name => {
      const svc = s[name];
      if (!svc.total[idx]) return null;
      const detail = svc.detail[idx] == null ? '' : ' ' + s.details[svc.detail[idx]];
      return name + ' up ' + svc.up[idx] + '/' + svc.total[idx] + (svc.up[idx] ? ', ' + fmtMs(svc.rtt[idx]) + detail : '');
    }).filter(Boolean);
    info.textContent = fmtTime(s.t[idx]) + '  ·  scan: ' + parts.join('  ·  ');
  }

  // ---------- route changes: markers on the RTT chart, a list, and old/new routes side by side

  function routeView(host, diffBox) {
    const changes = host.changes;
    const markers = [];

    function show(k) {
      markers.forEach((m, j) => m.classList.toggle('active', j === k));
      diffBox.replaceChildren();
      diffBox.hidden = false;
      const from = host.routes[changes.from[k]], to = host.routes[changes.to[k]];
      const rows = Math.max(from.length, to.length);
      const table = (title, route, other) => {
        const body = [];
        for (let i = 0; i < rows; i++) {
          const step = route[i], peer = other[i];
          const text = step == null ? '' : step[0] + (step.length > 1 ? '  ' + fmtMs(step[1]) : '');
          const changed = (step ? step[0] : '') !== (peer ? peer[0] : '');
          body.push(el('tr', changed ? { class: 'changed' } : {}, el('td', {}, String(i + 1)), el('td', { class: 'text' }, text)));
        }
        return el('div', {}, el('strong', {}, title),
          el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'hop'), el('th', { class: 'name' }, 'address  rtt'))), el('tbody', {}, ...body)));
      };
      diffBox.append(
        el('button', { class: 'close', title: 'close', onclick: () => { diffBox.hidden = true; markers.forEach(m => m.classList.remove('active')); } }, '✕'),
        el('div', {}, 'Route change at ' + fmtTime(changes.t[k])),
        el('div', { class: 'pair' }, table('before', from, to), table('after', to, from)));
    }

    return {
      show,
      attach(u) {
        for (let k = 0; k < changes.t.length; k++) {
          const m = el('button', { class: 'route-marker', title: 'route change at ' + fmtTime(changes.t[k]) + ' (click for the routes)' }, '▼');
          m.addEventListener('mousedown', e => e.stopPropagation());
          m.addEventListener('click', e => { e.stopPropagation(); show(k); });
          u.over.append(m);
          markers.push(m);
        }
        this.position(u);
      },
      position(u) {
        const { min, max } = u.scales.x;
        markers.forEach((m, k) => {
          const t = changes.t[k] / 1000;
          m.hidden = t < min || t > max;
          m.style.left = u.valToPos(t, 'x') + 'px';
        });
      },
      draw(u) {
        const { min, max } = u.scales.x;
        clipped(u, ctx => {
          ctx.strokeStyle = 'rgba(234,88,12,0.7)';
          ctx.setLineDash([4, 3]);
          ctx.lineWidth = 1;
          for (let k = 0; k < changes.t.length; k++) {
            const t = changes.t[k] / 1000;
            if (t < min || t > max) continue;
            const px = Math.round(u.valToPos(t, 'x', true)) + 0.5;
            ctx.beginPath();
            ctx.moveTo(px, u.bbox.top);
            ctx.lineTo(px, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }
        });
        this.position(u);
      },
    };
  }

  function routeList(host, view) {
    const s = host.summary;
    if (s.traces === 0) return null;
    const items = [];
    for (let k = 0; k < host.changes.t.length; k++) {
      items.push(el('div', {}, fmtTime(host.changes.t[k]) + '  ', el('button', { onclick: () => view.show(k) }, 'show routes')));
    }
    const first = host.firstRoute >= 0 ? host.routes[host.firstRoute] : [];
    const firstText = first.map(step => step[0]).join(' → ');
    return el('details', { class: 'routes' },
      el('summary', {}, plural(s.routeChanges, 'route change') + ' in ' + plural(s.traces, 'trace record') +
        (host.changesOmitted ? ' (the first ' + host.changes.t.length + ' are marked)' : '')),
      el('div', {}, 'First route: ' + (firstText || '–')),
      el('div', { class: 'route-list' }, ...items));
  }

  // ---------- the path as mtr shows it: the latest path record of the host (path= in the config)

  function pathTable(host) {
    const path = host.path;
    if (!path || !path.hops.length) return null;
    const head = ['Hop', 'Host', 'Loss%', 'Snt', 'Last', 'Avg', 'Best', 'Wrst', 'Jttr'];
    const ms = v => v == null ? '–' : v.toFixed(1);
    const rows = path.hops.map(([hop, addr, loss, sent, last, avg, best, worst, jitter]) =>
      el('tr', {}, ...[String(hop), addr, loss.toFixed(1) + '%', String(sent), ms(last), ms(avg), ms(best), ms(worst), ms(jitter)]
        .map((text, i) => el('td', i === 1 ? { class: 'hop-addr' } : {}, text))));
    return el('details', { class: 'path', open: '' },
      el('summary', {}, 'Path at ' + fmtTime(path.t) + ' (per hop over the last traces, as mtr shows it)'),
      el('table', { class: 'hops' }, el('thead', {}, el('tr', {}, ...head.map(h => el('th', {}, h)))),
        el('tbody', {}, ...rows)));
  }

  // ---------- page parts

  const hintText = 'Hover a chart for the record; drag to zoom in, Ctrl+wheel to zoom, Shift+drag to pan, double-click for all.';

  function header() {
    const t = report.totals;
    const files = report.files;
    const head = el('header', {},
      el('h1', {}, 'connmonitor report'),
      el('p', { class: 'meta' },
        plural(report.hosts.length, 'host') + ' · ' + plural(t.records, 'record') + ' from ' + plural(files.length, 'file') +
        (report.hosts.length ? ' · ' + fmtTime(first) + ' – ' + fmtTime(last) +
          ' (local time, ' + Intl.DateTimeFormat().resolvedOptions().timeZone + ')' : '') +
        ' · written ' + fmtTime(report.generatedAt) + ' by ' + report.generator));
    const skipped = el('p', { class: t.skipped > 0 ? 'notice' : 'meta', id: 'skipped' },
      t.skipped > 0 ? plural(t.skipped, 'line') + ' skipped (not usable records; see the files below)' : 'No lines skipped.');
    head.append(skipped);
    const f = report.filter;
    if (f.since != null || f.until != null || f.hosts.length) {
      head.append(el('p', { class: 'meta' }, 'Filtered: ' +
        (f.since != null ? 'since ' + fmtTime(f.since) + ' ' : '') + (f.until != null ? 'until ' + fmtTime(f.until) + ' ' : '') +
        (f.hosts.length ? 'hosts ' + f.hosts.join(', ') : '') + ' (' + num(t.filteredOut) + ' records left out)'));
    }
    const rows = files.map(file => el('tr', {},
      el('td', { class: 'name' }, file.name), el('td', {}, num(file.lines)), el('td', {}, num(file.records)),
      el('td', {}, num(file.skipped)),
      el('td', { class: 'text' }, (file.skipped ? file.reasons + ' (first at line ' + file.firstSkippedLine + ')' : '') +
        (file.truncated ? ' compressed data ends early' : ''))));
    head.append(el('details', {}, el('summary', {}, 'Files read'),
      el('table', { class: 'files' }, el('thead', {}, el('tr', {}, el('th', { class: 'name' }, 'file'), el('th', {}, 'lines'),
        el('th', {}, 'records'), el('th', {}, 'skipped'), el('th', { class: 'name' }, 'why'))), el('tbody', {}, ...rows))));
    return head;
  }

  // a host seen from two monitors (--vantage) is two rows and two sections: name it with its vantage
  function hostTitle(h) {
    return h.vantage ? h.name + ' @ ' + h.vantage : h.name;
  }

  function summaryTable() {
    const cols = [
      ['Host', hostTitle, 'name'],
      ['Address', h => h.addrs.join(', '), 'name'],
      ['Bursts', h => h.summary.bursts],
      ['Availability', h => h.summary.availability, 'pct'],
      ['Loss', h => h.summary.loss, 'loss'],
      ['RTT p50', h => h.summary.p50, 'ms'],
      ['p95', h => h.summary.p95, 'ms'],
      ['p99', h => h.summary.p99, 'ms'],
      ['Route changes', h => h.summary.routeChanges],
      ['HTTP up', h => scanShare(h, 0), 'pct'],
      ['HTTPS up', h => scanShare(h, 1), 'pct'],
      ['MySQL up', h => scanShare(h, 2), 'pct'],
      ['Records from', h => h.summary.first, 'time'],
      ['to', h => h.summary.last, 'time'],
    ];
    const tbody = el('tbody');
    let order = report.hosts.map((h, i) => i), sortCol = 0, ascending = true;
    const render = () => {
      tbody.replaceChildren(...order.map(i => {
        const h = report.hosts[i];
        return el('tr', { 'data-host': hostTitle(h) }, ...cols.map(([, get, kind], c) => {
          const v = get(h);
          if (c === 0) return el('td', { class: 'name' }, el('a', { href: '#host-' + i }, v));
          const text = kind === 'pct' || kind === 'loss' ? fmtPct(v) : kind === 'ms' ? fmtMs(v) : kind === 'time' ? fmtTime(v).slice(0, 16)
            : typeof v === 'number' ? num(v) : v;
          const td = el('td', { class: kind === 'name' ? 'name' : '' }, text);
          if (kind === 'loss' && v != null) td.style.color = v > 0 ? lossColour(v) : '';
          return td;
        }));
      }));
    };
    const head = el('tr', {}, ...cols.map(([title, get, kind], c) => el('th', {
      class: 'sortable' + (kind === 'name' ? ' name' : ''), title: 'sort',
      onclick: () => {
        ascending = sortCol === c ? !ascending : true;
        sortCol = c;
        order.sort((a, b) => {
          const va = get(report.hosts[a]), vb = get(report.hosts[b]);
          const d = va == null ? 1 : vb == null ? -1 : typeof va === 'string' ? va.localeCompare(vb) : va - vb;
          return ascending ? d : -d;
        });
        render();
      },
    }, title)));
    render();
    return el('div', { class: 'summary-wrap' }, el('table', { class: 'summary', id: 'summary' }, el('thead', {}, head), tbody));
  }

  function scanShare(h, service) {
    return h.summary.scans ? 100 * h.summary.scansUp[service] / h.summary.scans : null;
  }

  function toolbar() {
    rangeLabel = el('span', { class: 'range' });
    const last24 = () => setAll(Math.max(full.min, full.max - 86400), full.max);
    const last7 = () => setAll(Math.max(full.min, full.max - 7 * 86400), full.max);
    const clip = el('input', { type: 'checkbox', id: 'clip' });
    clip.checked = clipOutliers;
    clip.addEventListener('change', () => { clipOutliers = clip.checked; allCharts.forEach(u => u.redraw(true)); });
    return el('div', { class: 'toolbar' },
      el('button', { onclick: () => setAll(full.min, full.max) }, 'All'),
      el('button', { onclick: last7 }, 'Last 7 days'),
      el('button', { onclick: last24 }, 'Last 24 h'),
      el('button', { onclick: () => zoomBy(1 / 0.5) }, 'Zoom out'),
      el('button', { onclick: () => panBy(-0.5), title: 'earlier' }, '◀'),
      el('button', { onclick: () => panBy(0.5), title: 'later' }, '▶'),
      el('label', {}, clip, ' clip RTT outliers'),
      rangeLabel,
      el('span', { class: 'hint' }, 'drag: zoom · Ctrl+wheel: zoom · Shift+drag: pan · double-click: all'));
  }

  function legend() {
    return el('div', { class: 'legend' },
      el('span', {}, el('span', { class: 'swatch band' }), 'RTT min..max of the bursts'),
      el('span', {}, 'median line and loss strip by loss:'),
      ...LOSS_CLASSES.map(c => el('span', {}, el('span', { class: 'swatch', style: 'background:' + c.colour }), c.label)),
      el('span', {}, 'scans:'),
      el('span', {}, el('span', { class: 'swatch', style: 'background:' + SCAN_COLOURS.up }), 'up'),
      el('span', {}, el('span', { class: 'swatch', style: 'background:' + SCAN_COLOURS.mixed }), 'up and down'),
      el('span', {}, el('span', { class: 'swatch', style: 'background:' + SCAN_COLOURS.down }), 'down'),
      el('span', {}, el('span', { class: 'swatch', style: 'background:' + SCAN_COLOURS.absent }), 'never there'),
      el('span', {}, '▼ route change'));
  }

  // parent: the page, or the row of a host's vantages; rows: its latency rows; group: those of all its vantages
  function hostSection(host, index, parent, rows, group) {
    const s = host.summary;
    const section = el('section', { class: 'host', id: 'host-' + index, 'data-host': hostTitle(host) });
    if (host.vantage) section.setAttribute('data-vantage', host.vantage);
    const facts = [];
    if (s.bursts) facts.push(plural(s.bursts, 'burst'), 'availability ' + fmtPct(s.availability), 'loss ' + fmtPct(s.loss),
      'RTT p50 ' + fmtMs(s.p50) + ' · p95 ' + fmtMs(s.p95) + ' · p99 ' + fmtMs(s.p99));
    if (s.traces) facts.push(plural(s.routeChanges, 'route change'));
    const ps = host.pathSets;
    if (ps && ps.periods.set.length) facts.push(plural(ps.sets[ps.periods.set[ps.periods.set.length - 1]].length, 'path') + ' now');
    if (s.bursts > host.ping.t.length) facts.push('one point per ' + fmtSpan(host.widthMs));
    parent.append(section);
    section.append(el('div', { class: 'host-head' },
      el('h2', {}, hostTitle(host), el('span', { class: 'addr' }, host.addrs.filter(a => a !== host.name).join(', ')),
        el('span', { class: 'addr' }, Object.entries(host.labels || {}).map(([k, v]) => k + '=' + v).join(' '))),
      el('span', { class: 'facts' }, facts.join(' · '))));
    // what hovering shows: the ping bucket (or record) and the scan under the cursor, on their own lines
    const info = { ping: el('div', {}, hintText), scan: el('div') };
    const infoBox = el('div', { class: 'info' }, info.ping, info.scan);
    const diffBox = el('div', { class: 'route-diff' });
    diffBox.hidden = true;
    const routes = routeView(host, diffBox);
    const mine = {};
    charts[hostTitle(host)] = mine;
    const width = chartWidth(section);
    if (rows) {
      const latency = el('div', { class: 'chart latency' });
      const loss = el('div', { class: 'chart loss' });
      section.append(latency, loss);
      mine.latency = latencyChart(host, rows, group, latency, width, info, routes);
      mine.loss = lossChart(host, rows, loss, width, info);
    } else {
      section.append(el('p', { class: 'nodata' }, 'No ping records for this host.'));
    }
    if (host.scan.t.length) {
      const scan = el('div', { class: 'chart scan' });
      section.append(scan);
      mine.scan = scanChart(host, scan, width, info);
    }
    section.append(infoBox, diffBox);
    const list = routeList(host, routes);
    if (list) section.append(list);
    // the sets of paths over time (pathsets.js) beside the mtr-style table of the latest path record
    const hops = pathTable(host);
    const sets = window.connmonitorPathSets.view(host);
    if (hops || sets) section.append(el('div', { class: 'path-views' }, sets, hops));
    return section;
  }

  // Sections side by side start their charts at one height, however long a vantage's name makes a heading.
  const rowsOfVantages = [];
  function alignHeads(row) {
    const heads = [...row.querySelectorAll(':scope > section.host > .host-head')];
    heads.forEach(h => { h.style.minHeight = ''; });
    const tallest = Math.max(...heads.map(h => h.getBoundingClientRect().height));
    heads.forEach(h => { h.style.minHeight = tallest + 'px'; });
  }

  function fit(u) {
    u.setSize({ width: chartWidth(u.root.closest('section')), height: u.height });
  }

  function chartWidth(section) {
    const style = getComputedStyle(section);
    return Math.max(300, section.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
  }

  function render() {
    app.append(header());
    if (report.hosts.length === 0) {
      app.append(el('p', { class: 'problem' }, 'No records to show: the logs held no usable JSON records' +
        (report.totals.filteredOut ? ' within the filters' : '') + '.'));
      return;
    }
    app.append(el('h2', {}, 'Summary'), summaryTable());
    app.append(toolbar(), legend());
    // a host seen from several monitors (--vantage): its sections side by side, one time axis and one RTT axis
    const groups = [];
    report.hosts.forEach((host, i) => {
      const last = groups[groups.length - 1];
      if (last && report.hosts[last[0]].name === host.name) last.push(i); else groups.push([i]);
    });
    for (const members of groups) {
      const parent = members.length > 1 ? el('div', { class: 'vantages', 'data-host-name': report.hosts[members[0]].name }) : app;
      if (parent !== app) app.append(parent);
      const rows = members.map(i => report.hosts[i].ping.t.length ? latencyRows(report.hosts[i]) : null);
      const group = rows.filter(Boolean);
      members.forEach((i, k) => hostSection(report.hosts[i], i, parent, rows[k], group));
      if (parent !== app) { // drawn while the row filled up: each to its share of the row now, charts level
        members.forEach(i => Object.values(charts[hostTitle(report.hosts[i])]).forEach(fit));
        alignHeads(parent);
        rowsOfVantages.push(parent);
      }
    }
    setAll(full.min, full.max);
    let pending = null;
    window.addEventListener('resize', () => {
      clearTimeout(pending);
      pending = setTimeout(() => {
        allCharts.forEach(fit);
        rowsOfVantages.forEach(alignHeads);
      }, 100);
    });
  }

  render();
  window.connmonitorReady = true;
})();
