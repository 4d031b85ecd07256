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
  return figure(barsSvg(o), o.label, null, o.items.map((it) => [it.label, it.note ?? o.fmt(it.value)]));
}

function barsSvg({ items, max, ref, fmt, rtl, label, warnBelow }) {
  const W = 640, rowH = 26, labelW = 200, pad = 8;
  const H = items.length * rowH + pad * 2;
  const s = svg(W, H, label);
  const scale = (v) => Math.max(0, Math.min(v, max)) / max * (W - labelW - 70);
  const X = (x, w = 0) => (rtl ? W - x - w : x);
  items.forEach((it, i) => {
    const y = pad + i * rowH;
    const w = scale(it.value ?? 0);
    const cls = warnBelow !== undefined && it.value < warnBelow ? 'bar warn' : 'bar';
    s.append(el('text', { x: X(labelW - 6), y: y + 17, class: 'label',
      'text-anchor': rtl ? 'start' : 'end' }, it.label));
    s.append(el('rect', { x: X(labelW, w), y: y + 4, width: w, height: rowH - 8, class: cls }));
    s.append(el('text', { x: X(labelW + w + 6), y: y + 17, class: 'value',
      'text-anchor': rtl ? 'end' : 'start' }, it.note ?? fmt(it.value)));
  });
  if (ref !== undefined) {
    const x = X(labelW + scale(ref));
    s.append(el('line', { x1: x, x2: x, y1: 2, y2: H - 2, class: 'ref' }));
  }
  return s;
}

// items: [{label, value, cap}] drawn as bars with the cap as a mark; over the cap in red.
export function capBars({ items, fmt, rtl, label }) {
  const max = Math.max(1e-9, ...items.map((i) => Math.max(i.value || 0, i.cap || 0))) * 1.1;
  const rows = items.map((i) => ({ label: i.label, value: i.value,
    note: `${fmt(i.value)} / ${i.cap === null ? '∞' : fmt(i.cap)}` }));
  const s = barsSvg({ items: rows, max, fmt, rtl, label });
  const W = 640, labelW = 200, rowH = 26, pad = 8;
  items.forEach((it, i) => {
    if (it.cap === null || it.cap === undefined) return;
    let x = labelW + it.cap / max * (W - labelW - 70);
    if (rtl) x = W - x;
    s.append(el('line', { x1: x, x2: x, y1: pad + i * rowH, y2: pad + (i + 1) * rowH,
      class: 'cap' }));
    if (it.value > it.cap) s.querySelectorAll('rect')[i].setAttribute('class', 'bar warn');
  });
  return figure(s, label, null, rows.map((r) => [r.label, r.note]));
}

// series: [{name, points: [[x, y], ...]}]; axes from 0; fmtX, fmtY for the tick labels.
// rtl: mirrored, the x axis runs from the right, the y axis and its labels on the right,
// the legend on the left.
export function lines({ series, fmtX, fmtY, xLabel, yLabel, label, rtl }) {
  const W = 640, H = 300, L = 60, B = 40, T = 30, R = 190;
  const s = svg(W, H, label);
  const M = (x) => (rtl ? W - x : x); // mirror a horizontal position
  const start = rtl ? 'end' : 'start', end = rtl ? 'start' : 'end';
  const xs = series.flatMap((se) => se.points.map((p) => p[0]));
  const ys = series.flatMap((se) => se.points.map((p) => p[1])).filter((y) => y !== null);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y1 = Math.max(1, ...ys);
  const px = (x) => M(L + (x - x0) / Math.max(1e-9, x1 - x0) * (W - L - R));
  const py = (y) => H - B - y / y1 * (H - B - T);
  s.append(el('line', { x1: M(L), x2: M(W - R), y1: H - B, y2: H - B, class: 'axis' }));
  s.append(el('line', { x1: M(L), x2: M(L), y1: T, y2: H - B, class: 'axis' }));
  for (let k = 0; k <= 4; k++) {
    const y = y1 * k / 4;
    s.append(el('text', { x: M(L - 6), y: py(y) + 4, 'text-anchor': end, class: 'tick' }, fmtY(y)));
    s.append(el('line', { x1: M(L), x2: M(W - R), y1: py(y), y2: py(y), class: 'grid' }));
  }
  for (const x of [...new Set(xs)]) {
    s.append(el('text', { x: px(x), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' },
      fmtX(x)));
  }
  s.append(el('text', { x: M((L + W - R) / 2), y: H - 4, 'text-anchor': 'middle', class: 'label' },
    xLabel));
  s.append(el('text', { x: M(8), y: 14, 'text-anchor': start, class: 'label' }, yLabel));
  series.forEach((se, i) => {
    const pts = se.points.filter((p) => p[1] !== null);
    s.append(el('polyline', { points: pts.map((p) => `${px(p[0])},${py(p[1])}`).join(' '),
      class: `line s${i}` }));
    for (const p of pts) s.append(el('circle', { cx: px(p[0]), cy: py(p[1]), r: 3.5, class: `dot s${i}` }));
    s.append(el('text', { x: M(W - R + 8), y: T + 14 + i * 18, 'text-anchor': start,
      class: `legend s${i}` }, se.name));
  });
  const xsSorted = [...new Set(xs)].sort((a, b) => a - b);
  return figure(s, label, [xLabel, ...xsSorted.map(fmtX)], series.map((se) => [se.name,
    ...xsSorted.map((x) => { const p = se.points.find((q) => q[0] === x); return p && p[1] !== null ? fmtY(p[1]) : '–'; })]));
}
