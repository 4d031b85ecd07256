// A tiny DOM builder: h('tag.class', {attrs, on: {click}}, ...children). User-written text
// goes through u() so that each piece takes its own direction (dir="auto").
export function h(sel, attrs, ...kids) {
  const [tag, ...classes] = sel.split('.');
  const e = document.createElement(tag || 'div');
  if (classes.length) e.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    kids.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (v === true) e.setAttribute(k, '');
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

// User text (names, titles, messages): its own direction inside any page.
export const u = (text, tag = 'bdi') => h(tag, { dir: 'auto' }, text ?? '');

export function clear(e) {
  while (e.firstChild) e.firstChild.remove();
  return e;
}
