// Transparency: the audit log page by page, verified from the page, and every closed
// motion's result and tally.
import { get } from '../api.js';
import { h, u, add, answer, scroller } from '../dom.js';
import { t, num, date, errorText } from '../i18n.js';
import { resultView, generatedOptions } from './motion.js';

const PAGE = 25;

// One page of the log: each entry with its council's name and, opened, what it recorded.
// The buttons to the pages before and after say a failure beside them (said).
async function auditPage(box, after, said) {
  const [r, { councils }] = await Promise.all([get(`/api/audit?after=${after}&limit=${PAGE}`),
    get('/api/councils')]);
  const names = new Map(councils.map((c) => [c.id, c.name]));
  const rows = r.events.map((e) => h('tr', { 'data-seq': e.seq }, h('td.num', num(e.seq)), h('td', date(e.at)),
    h('td', h('details', h('summary', h('code', { dir: 'ltr' }, e.kind)),
      h('pre', { dir: 'ltr' }, JSON.stringify(e.content, null, 1)))),
    h('td', e.council ? u(names.get(e.council) ?? `#${e.council}`) : '–'),
    h('td', h('code.hash', { dir: 'ltr', title: e.hash }, e.hash.slice(0, 12) + '…'))));
  const to = (at) => () => {
    said.clear();
    auditPage(box, at, said).catch((e) => said.error(errorText(e)));
  };
  const nav = h('p.actions',
    after > 0 ? h('button.small.secondary', { on: { click: to(Math.max(0, after - PAGE)) } }, t('audit.prev')) : null, ' ',
    r.events.length === PAGE ? h('button.small.secondary', { id: 'audit-next', on: { click: to(after + PAGE) } }, t('audit.next')) : null);
  box.replaceChildren(h('p.muted', t('audit.head', { n: r.last }), ' ', h('code', { dir: 'ltr' }, r.head.slice(0, 16) + '…')),
    scroller(t('audit.title'), h('table', h('thead', h('tr', h('th', '#'), h('th', t('audit.when')), h('th', t('audit.kind')),
      h('th', t('audit.council')), h('th', t('audit.hash')))), h('tbody', rows))), nav);
}

async function verify(said) {
  said.clear();
  try {
    const r = await get('/api/audit/verify');
    if (r.ok) said.ok(h('span', { id: 'audit-ok' }, t('audit.ok', { n: r.events })));
    else said.error(h('span', { id: 'audit-bad' }, t('audit.bad', { seq: r.first_bad }), ' ', u(r.message)));
  } catch (e) { said.error(errorText(e)); }
}

// Every closed motion of every council (public), each opened to its result and tally. The
// list's rows say which option labels the server wrote (generatedOptions); the federation
// motion a binding motion binds on is found in the list, else asked for where the member
// may see it (the binding motion is of one of their councils).
async function results(ctx) {
  const { motions, total } = await get('/api/results?limit=200');
  const byId = new Map(motions.map((m) => [m.id, m]));
  const mine = new Set((ctx.me?.councils ?? []).map((c) => c.id));
  const finder = (m) => (id) => byId.get(id)
    ?? (mine.has(m.council) ? get(`/api/motions/${id}`).catch(() => null) : null);
  const box = h('div');
  for (const m of motions) {
    const d = h('details', { 'data-motion': m.id }, h('summary', u(m.title), ' · ', u(m.council_name),
      ' · ', date(m.closed_at), ' · ', m.passed ? t('result.passed') : t('result.notpassed')));
    d.addEventListener('toggle', async () => {
      if (!d.open) { // a failure shown is taken away on closing, to be asked again
        d.querySelector('p.error[data-failed]')?.remove();
        return;
      }
      if (d.children.length !== 1) return;
      let shown;
      try {
        const [res, generated] = await Promise.all([get(`/api/motions/${m.id}/result`),
          generatedOptions(m, finder(m))]);
        shown = resultView(res, generated);
      } catch (e) { // said inside, and asked again when opened again
        shown = h('p.error', { role: 'alert' }, errorText(e));
        shown.dataset.failed = '1';
      }
      if (d.children.length === 1) d.append(shown);
      // closed before or after the failure came: the next opening asks again
      if (shown.dataset.failed && !d.open) shown.remove();
    });
    box.append(d);
  }
  return h('section.card', { id: 'results-all' }, h('h2', t('transparency.results')),
    motions.length ? [h('p.muted', t('transparency.count', { n: total })), box] : h('p', t('motions.none')));
}

export async function render(main, params, ctx) {
  const log = h('div', { id: 'audit-log' });
  const checked = answer();
  const paged = answer();
  add(main, h('h1', t('transparency.title')), h('p', t('transparency.intro')),
    h('section.card', { id: 'audit' }, h('h2', t('audit.title')),
      h('p', h('button', { id: 'audit-verify', on: { click: () => verify(checked) } }, t('audit.verify'))),
      checked.node, log, paged.node),
    await results(ctx));
  await auditPage(log, 0, paged);
}
