// A council or federation: its members, delegates and mandates, motions (and opening one),
// summed needs and offered hours, notices, and the join requests it accepts or declines.
// Those who may not see inside it (signed out, or members elsewhere) get its public view.
import { get, post } from '../api.js';
import { h, u, unit, add, answer, scroller } from '../dom.js';
import { t, num, date, errorText } from '../i18n.js';
import { generatedOptions, optionLabel } from './motion.js';

// Motions and join requests come a page at a time, the newest first.
const PAGE = 20;

const section = (id, title, ...body) => h('section.card', { id }, h('h2', title), ...body);

// Each mandate's option as the federation motion names it (a label the server wrote, such
// as yes, in the member's language): the indexes of those labels per bound motion.
async function mandateLabels(d) {
  const ids = [...new Set(d.mandates.map((m) => m.motion))];
  const sets = await Promise.all(ids.map((id) => get(`/api/motions/${id}`)
    .then((m) => generatedOptions(m)).catch(() => new Set())));
  const byMotion = new Map(ids.map((id, k) => [id, sets[k]]));
  return (m) => optionLabel({ index: m.option, label: m.label }, byMotion.get(m.motion));
}

function delegates(d, mandateLabel) {
  const row = (g) => h('li', u(g.name), g.mandate ? h('span.muted', ' — ', u(g.mandate)) : null,
    g.until ? h('span.badge', t('delegates.ended')) : null);
  return section('council-delegates', t('council.delegates'),
    d.elected.length ? [h('h3', t('council.elected')), h('ul', d.elected.map(row))] : null,
    d.seated.length ? [h('h3', t('council.seated')), h('ul', d.seated.map(row))] : null,
    d.mandates.length ? [h('h3', t('council.mandates')), h('ul', d.mandates.map((m) =>
      h('li', h('a', { href: `#/motion/${m.motion}` }, `#${num(m.motion)}`), ': ', mandateLabel(m))))] : null,
    !d.elected.length && !d.seated.length ? h('p', t('delegates.none')) : null);
}

// A button under a paged list that fetches the page before doc.next (the newest first) and
// adds its rows to into; gone after the last page.
function olderButton(path, doc, rows, row, into) {
  if (doc.next == null) return null;
  let next = doc.next;
  const button = h('button.small.secondary', { type: 'button' }, t('list.older'));
  const said = answer();
  button.addEventListener('click', async () => {
    button.disabled = true;
    said.clear();
    try {
      const page = await get(`${path}${path.includes('?') ? '&' : '?'}before=${next}`);
      const nodes = page[rows].map(row);
      add(into, ...nodes);
      next = page.next;
      if (next == null) { // the button goes: focus the first row it brought, not the body
        const to = nodes[0]?.querySelector('a, button') ?? nodes[0];
        if (to && !to.matches('a, button')) to.tabIndex = -1;
        to?.focus();
        button.remove();
      }
    } catch (e) { said.error(errorText(e)); }
    button.disabled = false;
  });
  return h('div', h('p.actions', button), said.node);
}

function motions(c, doc) {
  const row = (m) => h('tr', h('td', h('a', { href: `#/motion/${m.id}` }, u(m.title))),
    h('td', t(`method.${m.method}`)), h('td', t(`state.${m.state}`)), h('td', date(m.opened_at)));
  const body = h('tbody', doc.motions.map(row));
  return section('council-motions', t('council.motions'), doc.motions.length ? [scroller(t('council.motions'),
    h('table', h('thead', h('tr', h('th', t('motion.title')), h('th', t('motion.method')),
      h('th', t('motion.state')), h('th', t('motion.openedat')))), body)),
  olderButton(`/api/councils/${c.id}/motions?limit=${PAGE}`, doc, 'motions', row, body)]
    : h('p', t('motions.none')));
}

function openForm(c, ctx) {
  const title = h('input', { id: 'motion-title', required: true, dir: 'auto' });
  const text = h('textarea', { id: 'motion-text', rows: 3, dir: 'auto' });
  const method = h('select', { id: 'motion-method' }, ['yes-no', 'approval', 'schulze', 'stv']
    .map((m) => h('option', { value: m }, t(`method.${m}`))));
  const options = h('textarea', { id: 'motion-options', rows: 3, dir: 'auto',
    placeholder: t('council.open.options.help') });
  const said = answer();
  const form = h('form.card', { id: 'open-motion' }, h('h2', t('council.open')),
    h('label', t('motion.title'), title), h('label', t('council.open.text'), text),
    h('label', t('motion.method'), method), h('label', t('council.open.options'), options),
    h('button', { type: 'submit' }, t('council.open.submit')), said.node);
  said.watch(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    said.clear();
    const opts = options.value.split('\n').map((s) => s.trim()).filter(Boolean);
    try {
      const r = await post(`/api/councils/${c.id}/motions`, { title: title.value,
        text: text.value, kind: 'general', method: method.value,
        options: method.value === 'yes-no' ? undefined : opts });
      ctx.go(`#/motion/${r.motion}`);
    } catch (e) { said.error(errorText(e)); }
  });
  return form;
}

// The notices the server writes (src/council), by kind, each case with its catalog key: the
// English text tells apart the cases of a kind (seat-vacated: recalled, resigned, moved) and
// holds the one number the notice's fields lack (the mandate's option). The member and
// motion numbers are the notice's fields. An unknown kind or case shows the server's text.
const NOTICES = {
  'delegate-elected': [[null, 'notice.elected']],
  'delegate-not-seated': [[/every seat is held/, 'notice.notseated.full'], [null, 'notice.notseated']],
  'seat-vacated': [[/recalled/, 'notice.vacated.recalled'], [/resigned/, 'notice.vacated.resigned'],
    [/another federation/, 'notice.vacated.moved']],
  'election-opened': [[null, 'notice.election']],
  'election-void': [[/quorum/, 'notice.election.void.quorum'], [null, 'notice.election.void']],
  'election-needed': [[/nobody can stand/, 'notice.election.nobody'], [null, 'notice.election.needed']],
  recall: [[/vacant/, 'notice.recall.vacant']],
  'plan-adoption': [[/^a plan variant was adopted$/, 'notice.plan.adopted'],
    [/^the status quo was kept$/, 'notice.plan.kept'],
    [/^(?<count>\d+) targets of the adopted plan were for workplaces that have left/, 'notice.plan.left']],
  mandate: [[null, 'notice.mandate']],
  'targets-published': [[null, 'notice.targets']],
  'targets-superseded': [[/motion (?<old>\d+) for /, 'notice.targets.superseded']],
  'mandate-conflict': [[null, 'notice.mandate.conflict']],
  'mandate-refusal': [[/\(option (?<option>\d+)\)/, 'notice.mandate.refusal']],
};

function noticeText(n) {
  for (const [re, key] of NOTICES[n.kind] ?? []) {
    const found = re ? n.text.match(re) : {};
    if (!found) continue;
    const params = { member: n.member, motion: n.motion };
    for (const [k, v] of Object.entries(found.groups ?? {})) params[k] = Number(v);
    return t(key, params);
  }
  return u(n.text);
}

function notices(list) {
  return section('council-notices', t('council.notices'), list.length ? h('ul', list.map((n) =>
    h('li', { 'data-notice': n.kind }, h('span.muted', date(n.at)), ' ', noticeText(n))))
    : h('p', t('council.nonotices')));
}

// Each request with accept and decline; a refusal is said in its row, a decision redraws the
// page (an accepted member joins the members' list), said in the notice bar above its heading.
function requests(c, doc, ctx) {
  const decide = async (r, how, said) => {
    said.clear();
    try {
      await post(`/api/join-requests/${r.id}/${how}`, {});
      ctx.notify(t(`join.${how}ed`));
      ctx.go(`#/council/${c.id}`);
    } catch (e) { said.error(errorText(e)); }
  };
  const row = (r) => {
    const said = answer();
    return h('li', { 'data-request': r.id }, h('strong', u(r.name)), ' ',
      h('span.muted', u(r.place)), ' · ', t(`join.heard.${r.heard}`), ' · ', t(`join.status.${r.status}`),
      r.message ? h('p', u(r.message, 'span')) : null,
      // a member's email, typed by someone else: it cannot be accepted, so no button says so
      r.others_email ? h('p.error', { 'data-others-email': '' }, t('join.others')) : null,
      r.status === 'pending' ? [h('p.actions',
        r.others_email ? null : [h('button.small', { on: { click: () => decide(r, 'accept', said) } },
          t('join.accept')), ' '],
        h('button.small.secondary', { on: { click: () => decide(r, 'decline', said) } },
          t('join.decline'))), said.node] : null);
  };
  const list = h('ul.plain', doc.requests.map(row));
  return section('join-requests', t('council.requests'), doc.requests.length
    ? [list, olderButton(`/api/councils/${c.id}/join-requests?limit=${PAGE}`, doc, 'requests', row, list)]
    : h('p', t('council.norequests')));
}

// Whether the member sees inside council c, by the server's rule: a member of it or of a
// council inside it (asked of the public list, so that no refused request is made).
async function mayView(c, me) {
  if (!me) return false;
  if (me.councils.some((x) => x.id === c.id)) return true;
  const { councils } = await get('/api/councils');
  const parent = new Map(councils.map((x) => [x.id, x.parent]));
  return me.councils.some((x) => {
    for (let id = x.parent, depth = 0; id > 0 && depth < 16; id = parent.get(id), depth++) {
      if (id === c.id) return true;
    }
    return false;
  });
}

// What anyone may see: the name, kind, place and size (GET /api/councils/{id} is public),
// then a line that the rest is for its members, with a way in.
function publicView(main, c, ctx) {
  add(main, h('p.muted', { id: 'council-membersonly' }, t('council.membersonly')),
    ctx.me ? (c.kind !== 'federation' ? h('p', h('a', { href: '#/join' }, t('login.join'))) : null)
      : h('p', h('a', { href: '#/login' }, t('nav.login'))));
}

export async function render(main, [id], ctx) {
  const c = await get(`/api/councils/${id}`);
  add(main, h('h1', u(c.name)), h('p.meta', h('span.tag', t(`kind.${c.kind}`)), ' ',
    u(c.place), ' · ', t('council.membercount', { n: c.members })));
  if (!(await mayView(c, ctx.me))) {
    publicView(main, c, ctx);
    return;
  }
  const [mem, dels, mots, needs, notes] = await Promise.all([
    get(`/api/councils/${id}/members`), get(`/api/councils/${id}/delegates`),
    get(`/api/councils/${id}/motions?limit=${PAGE}`), get(`/api/councils/${id}/needs`),
    get(`/api/councils/${id}/notices`)]);
  const mandateLabel = await mandateLabels(dels);
  const cards = [
    section('council-members', t('council.members'), h('ul.columns', mem.members.map((m) => h('li', u(m.name))))),
    delegates(dels, mandateLabel), motions(c, mots),
    section('council-needs', t('council.needs'), h('p', t('council.hours', { hours: needs.hours, n: needs.offering })),
      needs.needs.length ? h('table', h('tbody', needs.needs.map((n) => h('tr', h('td', u(n.name)),
        h('td.num', num(n.quantity), ' ', unit(n.unit)), h('td', t('council.stated', { n: n.members }))))))
        : h('p', t('needs.none'))),
    notices(notes.notices),
  ];
  if (c.kind !== 'federation') {
    const jr = await get(`/api/councils/${id}/join-requests?limit=${PAGE}`).catch(() => null);
    if (jr) cards.push(requests(c, jr, ctx));
  }
  // who may open a motion here: a member, in a federation a seated delegate (the server
  // decides; this only spares others a form that would be refused)
  const mayOpen = c.kind === 'federation'
    ? dels.seated.some((g) => g.member === ctx.me.id && !g.until)
    : ctx.me.councils.some((x) => x.id === c.id);
  add(main, h('div.grid', ...cards), mayOpen ? openForm(c, ctx) : null);
}
