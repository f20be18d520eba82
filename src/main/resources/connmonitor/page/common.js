// connmonitor's page helpers, shared by the report (inlined into its one file) and the live view (served as
// /assets/common.js): building elements, formatting times, RTTs and percentages, and SmokePing's loss colours.
// Text only ever goes into the page as text nodes (append of a string), never as HTML.
(function () {
  'use strict';

  // Loss classes as SmokePing colours the median: green for none, through blue and violet, red for most.
  const LOSS_CLASSES = Object.freeze([
    { upTo: 0, colour: '#16a34a', label: '0 %' },
    { upTo: 5, colour: '#0ea5e9', label: '≤ 5 %' },
    { upTo: 10, colour: '#2563eb', label: '≤ 10 %' },
    { upTo: 25, colour: '#7c3aed', label: '≤ 25 %' },
    { upTo: 50, colour: '#c026d3', label: '≤ 50 %' },
    { upTo: 99.9999, colour: '#dc2626', label: '< 100 %' },
    { upTo: 100, colour: '#450a0a', label: '100 % (no reply)' },
  ]);

  // Time axis labels in 24-hour time and ISO dates (uPlot's format table: tick size, format, then the
  // format to add when the year, month, day, hour, minute or second rolls over, and the mode).
  const TIME_AXIS = [
    [3600 * 24 * 365, '{YYYY}', null, null, null, null, null, null, 1],
    [3600 * 24 * 28, '{YYYY}-{MM}', null, null, null, null, null, null, 1],
    [3600 * 24, '{MM}-{DD}', '\n{YYYY}', null, null, null, null, null, 1],
    [3600, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
    [60, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
    [1, ':{ss}', '\n{MM}-{DD} {HH}:{mm}', null, '\n{MM}-{DD} {HH}:{mm}', null, '\n{HH}:{mm}', null, 1],
    [0.001, ':{ss}.{fff}', '\n{MM}-{DD} {HH}:{mm}', null, '\n{MM}-{DD} {HH}:{mm}', null, '\n{HH}:{mm}', null, 1],
  ];

  function lossColour(loss) {
    for (const c of LOSS_CLASSES) if (loss <= c.upTo) return c.colour;
    return LOSS_CLASSES[LOSS_CLASSES.length - 1].colour;
  }

  // el('td', { class: 'num' }, 'text', child, ...): attributes, 'on…' listeners, children as nodes or text.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(typeof c === 'number' ? String(c) : c);
    return e;
  }

  const pad = n => String(n).padStart(2, '0');
  // Local time as 2026-11-30 01:02:03; '–' for none (0 or null: no connmonitor time is 1970).
  function fmtTime(ms) {
    if (!ms) return '–';
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function fmtClock(ms) {
    const d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function fmtMs(v) {
    if (v == null) return '–';
    return (v < 10 ? v.toFixed(3) : v < 1000 ? v.toFixed(1) : v.toFixed(0)) + ' ms';
  }
  function fmtPct(v) {
    if (v == null) return '–';
    return (v === 0 || v === 100 ? v.toFixed(0) : v < 1 ? v.toFixed(3) : v.toFixed(1)) + ' %';
  }
  const num = n => n.toLocaleString('en-US');
  const plural = (n, word) => num(n) + ' ' + word + (n === 1 ? '' : 's');

  window.connmonitorPage = Object.freeze({
    LOSS_CLASSES, TIME_AXIS, lossColour, el, pad, fmtTime, fmtClock, fmtMs, fmtPct, num, plural,
  });
})();
