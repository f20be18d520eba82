// connmonitor report: a host's sets of paths over time (paths=MS records, e.g. the equal-cost paths a load
// balancer spreads flows over). A bar across the time the sets cover, a segment per period in its set's colour,
// and the periods listed with their paths drawn as hop sequences: hops where the paths part ways are
// highlighted, paths new since the period before are marked, paths gone since then shown struck through.
// Hop addresses come from the logs and go into the page as text only.
(function () {
  'use strict';

  const { el, fmtTime, plural } = window.connmonitorPage;
  const COLOURS = ['#2563eb', '#16a34a', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626'];
  const colour = set => COLOURS[set % COLOURS.length];
  // sets by letter in order of first appearance: A, B, ... Z, then 27, 28 ...
  const letter = set => set < 26 ? String.fromCharCode(65 + set) : String(set + 1);
  const key = path => path.join('\t');

  function fmtDuration(ms) {
    const s = Math.round(ms / 1000);
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.round(s / 60) + ' min';
    if (s < 172800) return (s / 3600).toFixed(1) + ' h';
    return (s / 86400).toFixed(1) + ' days';
  }

  // per hop position: whether the paths (those in force and those just gone) do not all agree there
  function partingHops(paths) {
    const length = Math.max(0, ...paths.map(p => p.length));
    const parting = [];
    for (let i = 0; i < length; i++) parting.push(new Set(paths.map(p => i < p.length ? p[i] : '')).size > 1);
    return parting;
  }

  // state: '' (in force before too), 'added' (new in this period), 'gone' (in force before, not any more)
  function pathRow(path, parting, state) {
    const parts = [];
    path.forEach((hop, i) => {
      if (i) parts.push(el('span', { class: 'arrow' }, '→'));
      parts.push(el('span', { class: 'hop' + (parting[i] ? ' parts' : '') + (hop === '*' ? ' silent' : ''), title: 'hop ' + (i + 1) }, hop));
    });
    const tag = state === 'added' ? 'new' : state === 'gone' ? 'gone' : null;
    return el('div', { class: 'ps-path' + (state ? ' ' + state : '') }, ...parts, tag && el('span', { class: 'ps-tag' }, tag));
  }

  function periodItem(sets, periods, k) {
    const set = periods.set[k];
    const paths = sets[set];
    const before = k > 0 ? sets[periods.set[k - 1]] : null;
    const now = new Set(paths.map(key));
    const gone = before ? before.filter(p => !now.has(key(p))) : [];
    const had = before ? new Set(before.map(key)) : null;
    const parting = partingHops(paths.concat(gone));
    const effort = periods.flows[k] >= 0 ? ' · found with ' + plural(periods.flows[k], 'flow') + ', ' +
      plural(periods.probes[k], 'probe') : '';
    return el('li', { 'data-set': letter(set), 'data-paths': String(paths.length) },
      el('div', { class: 'ps-when' },
        el('span', { class: 'swatch', style: 'background:' + colour(set) }),
        (periods.to[k] > periods.from[k] ? fmtTime(periods.from[k]) + ' – ' + fmtTime(periods.to[k]) + ' (' +
          fmtDuration(periods.to[k] - periods.from[k]) + ')' : 'at ' + fmtTime(periods.from[k]) + ' (the host\'s last record)') +
        ' · set ' + letter(set) + ': ' + plural(paths.length, 'path') + effort),
      ...paths.map(p => pathRow(p, parting, had && !had.has(key(p)) ? 'added' : '')),
      ...gone.map(p => pathRow(p, parting, 'gone')));
  }

  // the periods as segments of one bar, as wide as they lasted (at least a sliver, so a short one still shows)
  function bar(sets, periods, items) {
    const first = periods.from[0];
    const span = Math.max(1, periods.to[periods.to.length - 1] - first);
    const segments = periods.set.map((set, k) => {
      const left = (periods.from[k] - first) / span * 100;
      const width = Math.max(0.4, (periods.to[k] - periods.from[k]) / span * 100);
      return el('button', {
        class: 'ps-segment', 'data-set': letter(set),
        style: 'left:' + left.toFixed(3) + '%;width:' + width.toFixed(3) + '%;background:' + colour(set),
        title: 'set ' + letter(set) + ': ' + plural(sets[set].length, 'path') + ', ' + fmtTime(periods.from[k]) + ' – ' + fmtTime(periods.to[k]),
        onclick: () => {
          items.forEach((item, j) => item.classList.toggle('active', j === k));
          items[k].scrollIntoView({ block: 'nearest' });
        },
      }, String(sets[set].length));
    });
    return el('div', { class: 'ps-bar' }, ...segments);
  }

  // the host's path-set view, or null when its logs had no path-set records
  function view(host) {
    const data = host.pathSets;
    if (!data || !data.periods.set.length) return null;
    const { sets, periods } = data;
    const last = periods.set.length - 1;
    const changes = periods.set.length - 1 + data.periodsOmitted;
    const items = periods.set.map((unused, k) => periodItem(sets, periods, k));
    return el('details', { class: 'pathsets', open: '' },
      el('summary', {}, 'Paths: ' + plural(sets[periods.set[last]].length, 'path') + ' since ' + fmtTime(periods.from[last]) +
        ' · ' + plural(changes, 'change') + ' of the set in ' + plural(data.records, 'record') +
        (data.periodsOmitted ? ' (the latest ' + periods.set.length + ' shown)' : '')),
      bar(sets, periods, items),
      el('div', { class: 'ps-axis' }, el('span', {}, fmtTime(periods.from[0])), el('span', {}, fmtTime(periods.to[last]))),
      el('ol', { class: 'ps-periods' }, ...items));
  }

  window.connmonitorPathSets = Object.freeze({ view });
})();
