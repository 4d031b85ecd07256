// The planning dashboard: the current plan (fulfilment per category and product, labour
// hours and the working week, each account against its cap, bottlenecks) as charts, the
// variants side by side, the adopted plan's targets and fulfilment, the product explorer.
// A plan still computing shows its progress (the server computes on a worker thread).
import { get, getAll, post } from '../api.js';
import { h, u, iso, unit, add, clear, answer, scroller } from '../dom.js';
import { t, num, sig, pct, isRtl, errorText } from '../i18n.js';
import { bars, capBars, lines } from '../charts.js';

const section = (id, title, ...body) => h('section.card', { id }, h('h2', title), ...body);

// Labour is hours unless the economy counts it otherwise (an imported table's pay or jobs:
// labour_unit); then there is no working week and the hours offered are not compared.
const inHours = (p) => !p.labour_unit || p.labour_unit === 'h';
const amount = (p, x) => (inHours(p) ? t('plan.hours', { hours: x }) : `${num(x)} ${iso(p.labour_unit)}`);

function summary(p) {
  const stat = (label, value, id) => h('div.stat', { id }, h('span.value', value), h('span.label', label));
  return section('plan-summary', t('plan.summary'), h('div.stats',
    stat(t('plan.status'), t(`plan.status.${p.status}`), 'stat-status'),
    stat(t('plan.level'), pct(p.level), 'stat-level'),
    stat(t('plan.labour'), amount(p, p.labour), 'stat-labour'),
    inHours(p) ? stat(t('plan.week'), t('plan.perweek', { hours: p.weekly_hours }), 'stat-week') : null,
    inHours(p) ? stat(t('plan.workforce'), num(p.workforce), 'stat-workforce') : null),
    inHours(p) ? null : h('p', { id: 'plan-not-hours' }, p.labour_name
      ? t('plan.nothours', { unit: iso(p.labour_unit), name: iso(p.labour_name) })
      : t('plan.nothours.unnamed', { unit: iso(p.labour_unit) })),
    surplus(p), p.message ? h('p.muted', { dir: 'ltr' }, p.message) : null);
}

// Above 100 %: the hours offered could meet every stated need that many times over. The
// plan scaled down to exactly 100 % keeps within every limit (they are upper bounds and the
// plan is linear), so a week of weekly_hours x (labour / offered) / level is enough.
function surplus(p) {
  if (!(p.level > 1.001) || !(p.labour_available > 0) || p.weekly_hours === null) return null;
  const week = p.weekly_hours * (p.labour / p.labour_available) / p.level;
  return h('p', { id: 'plan-surplus' }, t('plan.surplus', { times: p.level, hours: week }));
}

function fulfilment(p) {
  const rtl = isRtl();
  const cats = p.categories.map((c) => ({ label: c.category || t('plan.nocategory'), value: c.mean }));
  const prods = [...p.products].filter((x) => x.fulfilment !== null)
    .sort((a, b) => a.fulfilment - b.fulfilment).slice(0, 30)
    .map((x) => ({ label: x.name, value: x.fulfilment }));
  const max = Math.max(1.2, ...cats.map((c) => c.value), ...prods.map((c) => c.value));
  return section('plan-fulfilment', t('plan.fulfilment'),
    h('h3', t('plan.bycategory')), bars({ items: cats, max, ref: 1, fmt: pct, rtl, warnBelow: 0.999,
      label: t('plan.bycategory') }),
    h('h3', t('plan.byproduct')), bars({ items: prods, max, ref: 1, fmt: pct, rtl, warnBelow: 0.999,
      label: t('plan.byproduct') }));
}

function labour(p) {
  const avail = p.labour_available;
  const items = [{ label: t('plan.used'), value: p.labour },
    { label: t('plan.available'), value: avail ?? p.labour }];
  const title = inHours(p) ? t('plan.labourtitle') : t('plan.labourin', { unit: iso(p.labour_unit) });
  return section('plan-labour', title,
    bars({ items: inHours(p) ? items : items.slice(0, 1), max: Math.max(...items.map((i) => i.value)) * 1.1,
      fmt: (v) => num(v), rtl: isRtl(), label: title }),
    inHours(p) ? h('p', t('plan.weekline', { hours: p.weekly_hours, people: p.workforce })) : null);
}

function accounts(p) {
  return section('plan-accounts', t('plan.accounts'), p.accounts.length
    ? capBars({ items: p.accounts.map((a) => ({ label: `${iso(a.name)} (${iso(a.unit)})`, value: a.emitted, cap: a.cap })),
      fmt: (v) => num(v), rtl: isRtl(), label: t('plan.accounts') })
    : h('p', t('plan.noaccounts')));
}

// The limits that bind, as bars of the hours one more unit of each would save (the shadow
// value in hours), then the table with bound and use.
function bottlenecks(p) {
  const priced = p.bottlenecks.filter((b) => b.hours !== null && b.hours > 0);
  const label = (b) => (b.what === b.kind ? t(`limit.${b.kind}`) : `${t(`limit.${b.kind}`)}: ${iso(b.what)}`);
  const unitOf = { unit: iso(p.labour_unit) };
  const chartLabel = inHours(p) ? t('plan.bottleneckchart') : t('plan.bottleneckunit', unitOf);
  const chart = priced.length ? bars({ items: priced.map((b) => ({ label: label(b), value: b.hours })),
    max: Math.max(...priced.map((b) => b.hours)) * 1.1, fmt: (v) => num(v), rtl: isRtl(),
    label: chartLabel }) : null;
  return section('plan-bottlenecks', t('plan.bottlenecks'), chart, p.bottlenecks.length ? scroller(t('plan.bottlenecks'), h('table',
    h('thead', h('tr', h('th', t('plan.constraint')), h('th', t('plan.limit')), h('th', t('plan.usedcol')),
      h('th', inHours(p) ? t('plan.shadowhours') : t('plan.shadowunit', unitOf)))),
    h('tbody', p.bottlenecks.map((b) => h('tr', h('td', h('span.tag', t(`limit.${b.kind}`)), ' ', h('span', { dir: 'ltr' }, b.what)),
      h('td.num', num(b.limit)), h('td.num', num(b.used)), h('td.num', b.hours === null ? '–' : num(b.hours)))))))
    : h('p', t('plan.nobottlenecks')));
}

// The variants swept either the working week or, for an economy whose labour is not hours,
// the labour a year (sweep "labour_per_year", in labour_unit).
export function variants(v) {
  const byLabour = v.sweep === 'labour_per_year';
  const at = (x) => (byLabour ? x.labour_per_year : x.weekly_hours);
  const axis = byLabour ? t('variants.labouraxis', { unit: iso(v.labour_unit) }) : t('variants.week');
  const settings = [...new Set(v.variants.map((x) => x.setting))];
  const name = (s) => (s === 0 ? t('variants.caps.current') : t('variants.caps.tighter'));
  const series = settings.map((s) => ({ name: name(s), points: v.variants.filter((x) => x.setting === s)
    .map((x) => [at(x), x.level]) }));
  const weeks = [...new Set(v.variants.map(at))];
  const cell = (s, w) => v.variants.find((x) => x.setting === s && at(x) === w);
  return section('plan-variants', t('variants.title'), h('p.muted', t(byLabour ? 'variants.intro.labour' : 'variants.intro')),
    lines({ series, fmtX: (x) => (byLabour ? sig(x) : num(x)), fmtY: pct, xLabel: axis, yLabel: t('plan.level'),
      label: t('variants.title'), rtl: isRtl() }),
    scroller(t('variants.title'), h('table.variants', h('thead', h('tr', h('th', axis),
      weeks.map((w) => h('th.num', byLabour ? sig(w) : t('plan.perweek', { hours: w }))))),
    h('tbody', settings.flatMap((s) => [
      h('tr', h('th', name(s)), weeks.map((w) => h('td.num', pct(cell(s, w)?.level)))),
      h('tr.sub', h('th', byLabour ? t('variants.labourused', { unit: iso(v.labour_unit) }) : t('variants.labour')),
        weeks.map((w) => h('td.num', sig(cell(s, w)?.labour)))),
      ...v.accounts.map((a, k) => h('tr.sub', h('th', u(a)), weeks.map((w) => h('td.num', sig(cell(s, w)?.emitted[k]))))),
    ])))));
}

function adopted(list) {
  if (!list.length) return section('plan-adopted', t('plan.adopted'), h('p', t('plan.noadopted')));
  return section('plan-adopted', t('plan.adopted'),
    bars({ items: list.map((f) => ({ label: iso(f.technique), value: f.fulfilment ?? 0 })), max: 1.2, ref: 1,
      fmt: pct, rtl: isRtl(), label: t('plan.adopted') }));
}

// The explorer: a search (as one types) and its products; a failed search is said under the
// field and leaves the last results.
async function explorer() {
  const input = h('input', { id: 'product-search', type: 'search', placeholder: t('explorer.search'), dir: 'auto' });
  const out = h('div', { id: 'product-results' });
  const said = answer();
  const show = async () => {
    said.clear();
    let r;
    try {
      r = await get(`/api/products?limit=100&q=${encodeURIComponent(input.value)}`);
    } catch (e) {
      said.error(errorText(e));
      return;
    }
    const accounts = r.accounts.filter((a) => r.products.some((p) => p.embodied[a.key] !== null));
    out.replaceChildren(h('p.muted', t('explorer.found', { n: r.total })), scroller(t('explorer.title'), h('table',
      h('thead', h('tr', h('th', t('explorer.product')), h('th', t('explorer.unit')), h('th', t('explorer.category')),
        h('th.num', r.labour_unit && r.labour_unit !== 'h'
          ? t('explorer.labourunit', { unit: iso(r.labour_unit) }) : t('explorer.labour')), accounts.map((a) => h('th.num', t('explorer.embodied', { account: iso(a.name) }))))),
      h('tbody', r.products.map((p) => h('tr', { 'data-key': p.key }, h('td', u(p.name)), h('td', unit(p.unit)),
        h('td', u(p.category)), h('td.num', sig(p.labour_value)),
        accounts.map((a) => h('td.num', sig(p.embodied[a.key])))))))));
  };
  let timer = null;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(show, 200); });
  await show();
  return section('explorer', t('explorer.title'), h('label', { for: 'product-search' }, t('explorer.search')), input,
    said.node, out);
}

// Polls the job (the server computes on a worker thread, so other requests go on), shows
// its progress, and draws the page again when it is done.
async function poll(main, id, ctx) {
  const bar = h('progress', { max: 1, value: 0, id: 'plan-progress', 'aria-label': t('plan.computing') });
  const pctText = h('span', pct(0));
  add(main, section('plan-computing', t('plan.computing'), bar, ' ', pctText));
  for (;;) {
    const j = await get(`/api/jobs/${id}?brief=1`).catch(() => ({ state: 'failed', progress: 1 }));
    bar.value = j.progress;
    pctText.textContent = pct(j.progress);
    if (j.state === 'done' || j.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 400));
  }
  if (!main.isConnected) return; // the member went elsewhere meanwhile
  render(clear(main), [], ctx).catch((e) => add(main, h('p.error', { role: 'alert' }, errorText(e))));
}

// Open plan-adoption motions of the member's federations: where the variants below are voted.
async function adoptionVotes(ctx) {
  if (!ctx.me) return null;
  // the federations the member's councils belong to (and any they are members of directly)
  const feds = new Set(ctx.me.councils.map((c) => (c.kind === 'federation' ? c.id : c.parent))
    .filter((id) => id > 0));
  const lists = await Promise.all([...feds].map((id) =>
    getAll(`/api/councils/${id}/motions?state=open`, 'motions').catch(() => [])));
  const open = lists.flat().filter((m) => m.kind === 'plan-adoption');
  if (!open.length) return null;
  return section('plan-votes', t('plan.votes'), h('ul.plain', open.map((m) =>
    h('li', { 'data-motion': m.id }, h('a', { href: `#/motion/${m.id}` }, u(m.title))))));
}

// "Compute the plan again": the progress in the page's place; a refusal beside the button.
function recompute(main, ctx) {
  const said = answer();
  const again = async () => {
    said.clear();
    try {
      const r = await post('/api/plan/compute', {});
      poll(clear(main), r.job, ctx);
    } catch (e) { said.error(errorText(e)); }
  };
  return h('div', { id: 'recompute-box' }, h('p', h('button.secondary', { id: 'recompute',
    on: { click: again } }, t('plan.recompute'))), said.node);
}

export async function render(main, params, ctx) {
  const doc = await get('/api/plan');
  add(main, h('h1', t('plan.title')));
  const votes = await adoptionVotes(ctx);
  add(main, votes);
  const c = doc.computed;
  if (ctx.me && doc.economy) add(main, recompute(main, ctx));
  if (c && (c.state === 'queued' || c.state === 'running')) {
    poll(main, c.id, ctx); // not awaited: the page shows the progress while it runs
    return;
  }
  if (c && c.state === 'failed') add(main, h('p.error', t('plan.failed'), ' ', h('span', { dir: 'ltr' }, c.error)));
  if (c && c.plan) {
    const p = c.plan;
    add(main, summary(p), h('div.stack', fulfilment(p), accounts(p), labour(p), bottlenecks(p)));
    const v = await get('/api/plan/variants').catch(() => null);
    if (v?.variants) add(main, variants(v.variants));
  } else if (!doc.economy) {
    add(main, h('p', t('plan.noeconomy')));
  }
  add(main, adopted(doc.adopted), await explorer());
}
