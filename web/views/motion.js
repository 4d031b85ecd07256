// One motion: its text and options, the right ballot for its method (yes/no/abstain,
// approval checkboxes, a ranking by drag and by numbers), the receipt to replace or check
// one's ballot, and after close the result with its tally.
import { get, post } from '../api.js';
import { h, u, add, answer } from '../dom.js';
import { t, num, pct, date, isRtl, errorText } from '../i18n.js';
import { bars } from '../charts.js';
import { variants } from './plan.js';

const receiptKey = (id) => `plenum.receipt.${id}`;

// Option labels the server writes itself, shown in the member's language: yes, no and
// abstain of a yes-no motion, and "status quo" at a motion's status_quo index. The text alone
// does not tell them: an approval motion's option typed as "yes" stays as typed. So a label is
// the server's only at an index the motion's method or status_quo gives (and when it reads
// exactly so). A binding motion copies the options of the federation motion it binds on,
// the server's labels among them: that motion's method and status_quo decide.
const GENERATED = { yes: 'ballot.yes', no: 'ballot.no', abstain: 'ballot.abstain',
  'status quo': 'option.statusquo' };

// The indexes of m's options whose labels the server wrote. find(id) gives another motion
// (the one m binds on) or null; by default the member's GET /api/motions/{id}.
export async function generatedOptions(m, find = findMotion, depth = 0) {
  if (m.binds > 0) {
    const bound = depth < 8 ? await find(m.binds) : null;
    return bound ? generatedOptions(bound, find, depth + 1) : new Set();
  }
  if (m.method === 'yes-no') return new Set([0, 1, 2]);
  return new Set(m.status_quo >= 0 ? [m.status_quo] : []);
}

const findMotion = (id) => get(`/api/motions/${id}`).catch(() => null);

// The catalog key of an option's label the server wrote; undefined for one a person typed.
const generatedKey = (o, generated) => (generated?.has(o.index) ? GENERATED[o.label] : undefined);

// An option's label as text: the catalog's for one the server wrote, else as typed.
export function optionText(o, generated) {
  const key = generatedKey(o, generated);
  return key ? t(key) : o.label;
}

// The same for the page: a typed label keeps its own direction (<bdi dir="auto">).
export function optionLabel(o, generated) {
  const key = generatedKey(o, generated);
  return key ? t(key) : u(o.label);
}

function yesNo(m) {
  const box = h('fieldset.choices', { id: 'ballot-yesno' }, h('legend', t('ballot.choose')));
  for (const c of ['yes', 'no', 'abstain']) {
    box.append(h('label.choice', h('input', { type: 'radio', name: 'choice', value: c,
      required: true }), ' ', t(`ballot.${c}`)));
  }
  return { node: box, marks: () => {
    const v = box.querySelector('input:checked')?.value;
    if (!v) throw new Error(t('ballot.pickone'));
    return { choice: v };
  } };
}

// Nothing ticked is a ballot too: the member takes part (turnout, quorum) and approves no
// option, as abstaining. It is cast, not refused or asked about again (a deliberate blank
// ballot is the member's right, and any ballot can be replaced while the motion is open),
// and the confirmation says how it counts (note), so that a slip is seen at once.
function approval(m, generated) {
  const box = h('fieldset.choices', { id: 'ballot-approval' },
    h('legend', t('ballot.approve', { seats: m.seats || 1 })));
  m.options.forEach((o) => box.append(h('label.choice', h('input', { type: 'checkbox',
    value: o.index }), ' ', optionLabel(o, generated))));
  const marks = () => m.options.map((o) =>
    (box.querySelector(`input[value="${o.index}"]`).checked ? 1 : 0));
  return { node: box, marks: () => ({ marks: marks() }),
    note: () => (marks().some((x) => x) ? null : t('ballot.approve.none')) };
}

// Ranked: drag the options into order, or type the numbers; an empty number is unranked.
function ranked(m, generated) {
  const list = h('ol.ranking', { id: 'ballot-ranked' });
  const renumber = () => [...list.children].forEach((li, i) => {
    li.querySelector('input').value = i + 1;
  });
  const resort = () => {
    const items = [...list.children].sort((a, b) => {
      const ra = Number(a.querySelector('input').value) || Infinity;
      const rb = Number(b.querySelector('input').value) || Infinity;
      return ra - rb;
    });
    list.append(...items);
  };
  let dragged = null;
  for (const o of m.options) {
    const rank = h('input.rank', { type: 'number', min: 1, max: m.options.length,
      'aria-label': t('ballot.rankof', { option: optionText(o, generated) }) });
    rank.addEventListener('change', resort);
    const li = h('li.rankitem', { draggable: 'true', 'data-index': o.index },
      h('span.grip', { 'aria-hidden': 'true' }, '⠿'), rank, ' ', optionLabel(o, generated));
    li.addEventListener('dragstart', (e) => { dragged = li; e.dataTransfer.setData('text/plain', o.index); });
    li.addEventListener('dragover', (e) => e.preventDefault());
    li.addEventListener('drop', (e) => {
      e.preventDefault();
      if (!dragged || dragged === li) return;
      const after = [...list.children].indexOf(dragged) < [...list.children].indexOf(li);
      li[after ? 'after' : 'before'](dragged);
      renumber();
    });
    list.append(li);
  }
  const stv = m.method === 'stv';
  const box = h('fieldset.choices', h('legend', t(stv ? 'ballot.rank.stv' : 'ballot.rank')),
    h('p.muted', t('ballot.rank.help')), list);
  return { node: box, marks: () => {
    const marks = m.options.map((o) => Number(list.querySelector(`li[data-index="${o.index}"] input`).value) || 0);
    if (!marks.some((x) => x > 0)) throw new Error(t('ballot.rank.none'));
    if (stv) {
      const used = marks.filter((x) => x > 0).sort((a, b) => a - b);
      if (used.some((x, i) => x !== i + 1)) throw new Error(t('ballot.rank.stvrule'));
    }
    return { marks };
  } };
}

function ballotForm(m, generated, ctx) {
  const kind = m.method === 'yes-no' ? yesNo(m) : m.method === 'approval' ? approval(m, generated)
    : ranked(m, generated);
  const out = h('div', { id: 'ballot-out', role: 'status' });
  const form = h('form.card', { id: 'ballot-form' }, h('h2', t(m.voted ? 'ballot.replace' : 'ballot.title')),
    kind.node, h('button', { type: 'submit' }, t(m.voted ? 'ballot.submit.replace' : 'ballot.submit')), out);
  // a rank the browser refuses (above the number of options) is the problem now: the stale
  // "Rank at least one option" goes ('invalid' does not bubble)
  form.addEventListener('invalid', () => out.replaceChildren(), true);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const body = kind.marks();
      // read now: a second vote from this page sends the receipt the first one gave
      const receipt = localStorage.getItem(receiptKey(m.id));
      if (m.voted && receipt) body.receipt = receipt;
      const r = await post(`/api/motions/${m.id}/ballot`, body);
      localStorage.setItem(receiptKey(m.id), r.receipt);
      out.replaceChildren(h('p.ok', { id: 'ballot-done' }, t('ballot.counted')),
        kind.note?.() ? h('p', { id: 'ballot-note' }, kind.note()) : null,
        h('p', t('ballot.receipt'), ' ', h('code', { dir: 'ltr' }, r.receipt)));
      m.voted = true;
    } catch (e) {
      out.replaceChildren(h('p.error', errorText(e)));
    }
  });
  return form;
}

// Closing, for the motion's opener: the page drawn again with the result; a refusal beside
// the button.
function closeButton(m, ctx) {
  const said = answer();
  const close = async () => {
    said.clear();
    try {
      await post(`/api/motions/${m.id}/close`, {});
      ctx.go(`#/motion/${m.id}`);
    } catch (e) { said.error(errorText(e)); }
  };
  return h('div', { id: 'close-box' }, h('p', h('button.secondary', { id: 'close-motion',
    on: { click: close } }, t('motion.close'))), said.node);
}

function checkBox(m) {
  const stored = localStorage.getItem(receiptKey(m.id));
  if (!stored) return null;
  const out = h('div');
  const btn = h('button.secondary', { on: { click: async () => {
    try {
      const r = await post(`/api/motions/${m.id}/check`, { receipt: stored });
      out.replaceChildren(h('p.ok', t('ballot.checked'), ' ', r.marks.map((x) => num(x)).join(' · ')));
    } catch (e) { out.replaceChildren(h('p.error', errorText(e))); }
  } } }, t('ballot.check'));
  return h('div.card', h('p', t('ballot.receipt'), ' ', h('code', { dir: 'ltr' }, stored)), btn, out);
}

// generated: the indexes of labels the server wrote (generatedOptions, from the motion or its
// public result).
export function resultView(res, generated) {
  const rtl = isRtl();
  const items = res.method === 'yes-no'
    ? [['ballot.yes', res.yes], ['ballot.no', res.no], ['ballot.abstain', res.abstain]]
      .map(([k, v]) => ({ label: t(k), value: v }))
    : res.options.map((o) => ({ label: optionText(o, generated), value: o.tally }));
  const max = Math.max(1, ...items.map((i) => i.value));
  const winners = new Set(res.winners || []);
  return h('section.card', { id: 'result' }, h('h2', t('result.title')),
    h('p.verdict', { class: res.passed ? 'verdict ok' : 'verdict' },
      res.passed ? t('result.passed') : t('result.notpassed')),
    h('p', t('result.turnout', { voters: res.voters, electorate: res.electorate }), ' ',
      res.quorum_met ? t('result.quorum') : t('result.noquorum')),
    bars({ items, max, fmt: (v) => num(v), rtl, label: t('result.tally') }),
    res.method !== 'yes-no' ? h('ol.winners', res.options.filter((o) => o.rank > 0)
      .sort((a, b) => a.rank - b.rank).map((o) => h('li', { class: winners.has(o.index) ? 'win' : '' },
        optionLabel(o, generated), ' ', winners.has(o.index) ? h('span.badge.ok', t('result.elected')) : null))) : null,
    res.report ? h('details', h('summary', t('result.report')), h('pre', { dir: 'ltr' }, res.report)) : null);
}

export async function render(main, [id], ctx) {
  if (!ctx.me) { // the public result says which labels the server wrote, as a motion does
    const res = await get(`/api/motions/${id}/result`);
    const generated = await generatedOptions(res,
      (mid) => get(`/api/motions/${mid}/result`).catch(() => null));
    add(main, h('h1', u(res.title)), resultView(res, generated));
    return;
  }
  const m = await get(`/api/motions/${id}`);
  const generated = await generatedOptions(m);
  add(main, h('h1', u(m.title)),
    h('p.meta', h('span.tag', t(`kind.motion.${m.kind}`)), ' ', h('span.tag', t(`method.${m.method}`)), ' ',
      t('motion.opened', { when: date(m.opened_at) }), ' ',
      m.closes_at ? t('motion.closes', { when: date(m.closes_at) }) : ''),
    m.text ? h('p.text', u(m.text, 'span')) : null,
    m.public_ballots ? h('p.muted', t('motion.public')) : null);
  if (m.kind === 'plan-adoption') {
    // the variants side by side before the vote (the latest computation, when there is one)
    const v = await get('/api/plan/variants').catch(() => null);
    add(main, v?.variants ? variants(v.variants)
      : h('p.muted', { id: 'no-variants' }, h('a', { href: '#/plan' }, t('motion.novariants'))));
  }
  if (m.state === 'open' && !m.may_vote) {
    add(main, h('div.card', { id: 'no-vote' }, h('p', t('motion.novote')),
      m.method !== 'yes-no' ? h('ol', { id: 'motion-options' }, m.options.map((o) =>
        h('li', optionLabel(o, generated)))) : null));
  } else if (m.state === 'open') {
    add(main, ballotForm(m, generated, ctx), checkBox(m));
    if (m.opener === ctx.me.id) add(main, closeButton(m, ctx));
  } else {
    add(main, resultView(await get(`/api/motions/${id}/result`), generated));
  }
  add(main, h('p', h('a', { href: `#/council/${m.council}` }, t('motion.back'))));
}
