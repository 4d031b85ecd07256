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
  return add(e, ...kids);
}

// Appends to e as h() does: nodes as they are, other values as text, and a part left out
// (null, undefined, false) skipped, where Element.append would write "null". Views append
// to their page through this, never through append.
export function add(e, ...kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

// User text (names, titles, messages) and data written left to right (units, product
// keys): its own direction inside any page (£m 2010 stays £m 2010 in a Persian line).
export const u = (text, tag = 'bdi') => h(tag, { dir: 'auto' }, text ?? '');
export const unit = (text) => h('bdi.unit', { dir: 'auto' }, text ?? '');

// The same for a string that cannot hold an element (an <option>'s text, a message's
// {parameter}): wrapped in U+2068 FIRST STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE.
export const iso = (text) => `\u2068${text ?? ''}\u2069`;

// The answer to what a form or button did, shown beside it, where the member is looking (the
// notice bar at the page's top is off screen below a long page): a refusal in role="alert",
// read out at once, a success in role="status". Both are in the page from the start, empty,
// so that a screen reader hears each change. watch(form): a field the browser refuses (its
// own message shows) clears the last answer, which is no longer about what is there.
export function answer() {
  const error = h('p.error', { role: 'alert' });
  const ok = h('p.ok', { role: 'status' });
  const say = (into, other, text) => { other.replaceChildren(); into.replaceChildren(); add(into, text); };
  const clearIt = () => say(ok, error, null);
  return {
    node: h('div.answer', error, ok),
    error: (text) => say(error, ok, text),
    ok: (text) => say(ok, error, text),
    clear: clearIt,
    watch: (form) => form.addEventListener('invalid', clearIt, true), // 'invalid' does not bubble
  };
}

// A table that may scroll sideways (on a phone): its box reached by Tab, so that the keyboard
// can scroll it, and named (label: the table's heading) as the region a screen reader enters.
export const scroller = (label, table) => h('div.scroll', { tabindex: 0, role: 'region',
  'aria-label': label }, table);

export function clear(e) {
  while (e.firstChild) e.firstChild.remove();
  return e;
}
