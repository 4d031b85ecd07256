// Small SVG charts drawn by hand: horizontal bars (with a reference line, mirrored in
// right-to-left languages), bars against caps, and lines (variants: fulfilment against the
// working week). Numbers come formatted by the caller's localized formatter. Each chart is a
// <figure>: the SVG for the eye (hidden from screen readers, to which it is one picture) and
// the same numbers as a visually hidden table captioned with the chart's label.
const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Text widths in the charts' font, measured on a canvas: a chart is drawn before it is in the
// page, where SVG text cannot be measured. PX is svg.chart's font-size (style.css).
const PX = 12;
let pen = null;

function measure(text) {
  if (!pen) pen = document.createElement('canvas').getContext('2d');
  pen.font = `${PX}px ${getComputedStyle(document.documentElement).fontFamily}`;
  return pen.measureText(text).width;
}

// text cut to width with an ellipsis where it is longer ("Electricity, transmission and
// distribution" ran off the chart's edge); as it is where it fits
function fit(text, width) {
  if (measure(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid).trimEnd()}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo).trimEnd()}…`;
}

// A <text> of at most width units; when cut, the whole text in its <title> (a pointer's
// tooltip; screen readers have the figure's table).
function label(attrs, text, width) {
  const shown = fit(text, width);
  const e = el('text', attrs, shown);
  if (shown !== text) e.append(el('title', {}, text));
  return e;
}

// The drawing's width in its own units: about the width it is shown at (a card's inside in
// this window), so that 12 units of text are about 12 px on a phone as on a desktop (a
// 640-unit drawing on a 360 px phone showed its text at 5 px). At most 640, as before.
function chartWidth() {
  return Math.round(Math.min(640, Math.max(260, document.documentElement.clientWidth - 80)));
}

// Narrower than this, labels go above their bars and a legend below its lines.
const NARROW = 480;

function svg(w, h, label) {
  // direction ltr: the code places and anchors every text itself (mirrored for rtl pages);
  // Persian or Arabic words inside still read right to left.
  return el('svg', { viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img', 'aria-label': label,
    class: 'chart', direction: 'ltr' });
}

// The figure: the chart and its table (head: column titles or null; rows: arrays of text).
function figure(s, label, head, rows) {
  s.setAttribute('aria-hidden', 'true');
  s.removeAttribute('role');
  const f = document.createElement('figure');
  f.className = 'chart';
  // hidden in a box: a table never shrinks below its content, so a table made 1 px wide
  // still widened the page (a sideways scroll at 360 px)
  const box = document.createElement('div');
  box.className = 'sr';
  const table = document.createElement('table');
  box.append(table);
  const cap = document.createElement('caption');
  cap.textContent = label;
  table.append(cap);
  const row = (cells, tag) => {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => {
      const td = document.createElement(i === 0 || tag === 'th' ? 'th' : 'td');
      td.textContent = c;
      tr.append(td);
    });
    return tr;
  };
  if (head) table.append(row(head, 'th'));
  for (const r of rows) table.append(row(r, 'td'));
  f.append(s, box);
  return f;
}

// items: [{label, value, note}]; max: the scale's end; ref: a value marked by a line (1 =
// 100 %); fmt(value) -> text. rtl: bars grow from the right.
export function bars(o) {
  return figure(barsSvg(o).s, o.label, null, o.items.map((it) => [it.label, it.note ?? o.fmt(it.value)]));
}

// The bars and where they lie (for capBars' marks): each label beside its bar, or above it on
// a narrow screen; the bars' span leaves room for the longest value after a bar.
function barsSvg({ items, max, ref, fmt, rtl, label: name, warnBelow }) {
  const W = chartWidth(), pad = 8;
  const stacked = W < NARROW;
  const rowH = stacked ? 40 : 26;
  const labelW = stacked ? 0 : Math.round(W * 0.31);
  const notes = items.map((it) => it.note ?? fmt(it.value));
  const valueW = Math.max(0, ...notes.map(measure)) + 10;
  const span = Math.max(40, W - labelW - valueW - 4);
  const H = items.length * rowH + pad * 2;
  const s = svg(W, H, name);
  const scale = (v) => Math.max(0, Math.min(v, max)) / max * span;
  const X = (x, w = 0) => (rtl ? W - x - w : x);
  const barTop = (i) => pad + i * rowH + (stacked ? 18 : 4);
  const barH = stacked ? 16 : rowH - 8;
  items.forEach((it, i) => {
    const y = pad + i * rowH;
    const w = scale(it.value ?? 0);
    const cls = warnBelow !== undefined && it.value < warnBelow ? 'bar warn' : 'bar';
    s.append(stacked
      ? label({ x: X(2), y: y + 13, class: 'label', 'text-anchor': rtl ? 'end' : 'start' }, it.label, W - 4)
      : label({ x: X(labelW - 6), y: y + 17, class: 'label', 'text-anchor': rtl ? 'start' : 'end' },
        it.label, labelW - 10));
    s.append(el('rect', { x: X(labelW, w), y: barTop(i), width: w, height: barH, class: cls }));
    s.append(el('text', { x: X(labelW + w + 6), y: barTop(i) + barH / 2 + 4, class: 'value',
      'text-anchor': rtl ? 'end' : 'start' }, notes[i]));
  });
  if (ref !== undefined) {
    const x = X(labelW + scale(ref));
    s.append(el('line', { x1: x, x2: x, y1: 2, y2: H - 2, class: 'ref' }));
  }
  return { s, at: (v) => X(labelW + scale(v)), row: (i) => [barTop(i), barTop(i) + barH] };
}

// items: [{label, value, cap}] drawn as bars with the cap as a mark; over the cap in red.
export function capBars({ items, fmt, rtl, label: name }) {
  const max = Math.max(1e-9, ...items.map((i) => Math.max(i.value || 0, i.cap || 0))) * 1.1;
  const rows = items.map((i) => ({ label: i.label, value: i.value,
    note: `${fmt(i.value)} / ${i.cap === null ? '∞' : fmt(i.cap)}` }));
  const { s, at, row } = barsSvg({ items: rows, max, fmt, rtl, label: name });
  items.forEach((it, i) => {
    if (it.cap === null || it.cap === undefined) return;
    const x = at(it.cap);
    const [y1, y2] = row(i);
    s.append(el('line', { x1: x, x2: x, y1: y1 - 4, y2: y2 + 4, class: 'cap' }));
    if (it.value > it.cap) s.querySelectorAll('rect')[i].setAttribute('class', 'bar warn');
  });
  return figure(s, name, null, rows.map((r) => [r.label, r.note]));
}

// series: [{name, points: [[x, y], ...]}]; axes from 0; fmtX, fmtY for the tick labels.
// rtl: mirrored, the x axis runs from the right, the y axis and its labels on the right,
// the legend on the left. The y axis leaves room for its widest label ("102,868 %"); the
// legend goes beside the lines, or below them on a narrow screen.
export function lines({ series, fmtX, fmtY, xLabel, yLabel, label: name, rtl }) {
  const W = chartWidth(), T = 30, B = 40, P = 300; // P: the plot's box ends here
  const narrow = W < NARROW;
  const M = (x) => (rtl ? W - x : x); // mirror a horizontal position
  const start = rtl ? 'end' : 'start', end = rtl ? 'start' : 'end';
  const xs = series.flatMap((se) => se.points.map((p) => p[0]));
  const ys = series.flatMap((se) => se.points.map((p) => p[1])).filter((y) => y !== null);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y1 = Math.max(1, ...ys);
  const ticks = [0, 1, 2, 3, 4].map((k) => y1 * k / 4);
  const L = Math.ceil(Math.max(...ticks.map((y) => measure(fmtY(y))))) + 12;
  const lastTick = measure(fmtX(x1)) / 2 + 4; // the last x label, centred on the axis's end
  const legendW = Math.max(...series.map((se) => measure(se.name))) + 24;
  const R = Math.ceil(Math.max(lastTick, narrow ? 12 : Math.min(190, legendW)));
  const H = P + (narrow ? series.length * 18 + 8 : 0);
  const s = svg(W, H, name);
  const px = (x) => M(L + (x - x0) / Math.max(1e-9, x1 - x0) * (W - L - R));
  const py = (y) => P - B - y / y1 * (P - B - T);
  s.append(el('line', { x1: M(L), x2: M(W - R), y1: P - B, y2: P - B, class: 'axis' }));
  s.append(el('line', { x1: M(L), x2: M(L), y1: T, y2: P - B, class: 'axis' }));
  for (const y of ticks) {
    s.append(el('text', { x: M(L - 6), y: py(y) + 4, 'text-anchor': end, class: 'tick' }, fmtY(y)));
    s.append(el('line', { x1: M(L), x2: M(W - R), y1: py(y), y2: py(y), class: 'grid' }));
  }
  for (const x of [...new Set(xs)]) {
    s.append(el('text', { x: px(x), y: P - B + 16, 'text-anchor': 'middle', class: 'tick' },
      fmtX(x)));
  }
  const mid = (L + W - R) / 2;
  s.append(label({ x: M(mid), y: P - 4, 'text-anchor': 'middle', class: 'label' }, xLabel,
    2 * Math.min(mid, W - mid) - 8));
  s.append(label({ x: M(8), y: 14, 'text-anchor': start, class: 'label' }, yLabel, W - 16));
  series.forEach((se, i) => {
    const pts = se.points.filter((p) => p[1] !== null);
    s.append(el('polyline', { points: pts.map((p) => `${px(p[0])},${py(p[1])}`).join(' '),
      class: `line s${i}` }));
    for (const p of pts) s.append(el('circle', { cx: px(p[0]), cy: py(p[1]), r: 3.5, class: `dot s${i}` }));
    s.append(narrow
      ? label({ x: M(8), y: P + 14 + i * 18, 'text-anchor': start, class: `legend s${i}` }, se.name, W - 16)
      : label({ x: M(W - R + 8), y: T + 14 + i * 18, 'text-anchor': start, class: `legend s${i}` },
        se.name, R - 12));
  });
  const xsSorted = [...new Set(xs)].sort((a, b) => a - b);
  return figure(s, name, [xLabel, ...xsSorted.map(fmtX)], series.map((se) => [se.name,
    ...xsSorted.map((x) => { const p = se.points.find((q) => q[0] === x); return p && p[1] !== null ? fmtY(p[1]) : '–'; })]));
}
