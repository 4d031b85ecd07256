// The member's page: my councils, my needs (add, change, remove; per plan period), my
// hours, open motions to vote on, my delegates with their public votes and a recall button,
// and the results of closed motions.
import { get, getAll, post } from '../api.js';
import { h, u, iso, unit, add, answer, scroller } from '../dom.js';
import { t, num, date, errorText } from '../i18n.js';
import { generatedOptions, optionLabel } from './motion.js';

function welcome(main) {
  add(main, h('section.card.hero', { id: 'welcome' }, h('h1', t('home.welcome')),
    h('p', t('home.intro')),
    h('p.actions', h('a.button', { href: '#/login' }, t('nav.login')), ' ',
      h('a.button.secondary', { href: '#/join' }, t('nav.join')), ' ',
      h('a.button.secondary', { href: '#/plan' }, t('nav.plan')))));
}

// My councils, each with the federation it belongs to (its page is open to my council's
// members too).
async function councilsCard(me) {
  const { councils } = await get('/api/councils');
  const byId = new Map(councils.map((c) => [c.id, c]));
  return h('section.card', { id: 'my-councils' }, h('h2', t('home.councils')),
    h('ul.plain', me.councils.map((c) => {
      const fed = byId.get(c.parent);
      return h('li', { 'data-council': c.id },
        h('a', { href: `#/council/${c.id}` }, u(c.name)), ' ',
        h('span.tag', t(`kind.${c.kind}`)), ' ', h('span.muted', u(c.place)),
        fed ? h('p.muted.partof', t('home.partof'), ' ',
          h('a', { href: `#/council/${fed.id}`, 'data-council': fed.id }, u(fed.name))) : null);
    })));
}

// My needs: the table (each row's quantity saved or the need removed in place) and the form
// to add one. After a change the table alone is drawn again, not the page: the member stays
// where they were, and the answer (saved, or the refusal) shows beside what they used.
async function needsCard(me) {
  const local = me.councils.filter((c) => c.kind !== 'federation');
  const cname = (id) => me.councils.find((c) => c.id === id)?.name ?? id;
  const table = h('div');
  const rowsSaid = answer();
  const formSaid = answer();
  const heading = h('h2', { tabindex: -1 }, t('needs.title'));
  // true when stored; the refusal said in said
  const save = async (said, council, product, quantity, priority) => {
    rowsSaid.clear();
    formSaid.clear();
    try {
      await post('/api/needs', { council, product, quantity, priority });
    } catch (e) {
      said.error(errorText(e));
      return false;
    }
    try {
      await fill();
    } catch (e) { // stored: only the table could not be drawn again (no refusal to report)
      said.error(`${t('needs.saved')} ${t('error.load')} ${errorText(e)}`);
      return false;
    }
    return true;
  };
  const row = (n) => {
    const q = h('input', { type: 'number', min: 0, step: 'any', value: n.quantity, required: true,
      'aria-label': `${t('needs.quantity')}: ${n.name}`, class: 'qty' });
    const change = async () => {
      // an empty field is no 0: it removed the need and said "saved" (Remove removes)
      if (!q.reportValidity()) return;
      if (await save(rowsSaid, n.council, n.product, Number(q.value), n.priority)) {
        // the row drawn again: focus back on its button
        table.querySelector(`tr[data-product="${CSS.escape(n.product)}"][data-council="${n.council}"] button`)
          ?.focus();
        rowsSaid.ok(t('needs.saved'));
      }
    };
    const remove = async () => {
      if (await save(rowsSaid, n.council, n.product, 0, n.priority)) {
        heading.focus(); // its button is gone with its row
        rowsSaid.ok(t('needs.saved'));
      }
    };
    return h('tr', { 'data-product': n.product, 'data-council': n.council },
      h('td', u(n.name)), h('td', q, ' ', unit(n.unit)),
      h('td', num(n.priority)), h('td', u(cname(n.council))),
      h('td', h('button.small', { on: { click: change } }, t('needs.change')), ' ',
        h('button.small.secondary', { on: { click: remove } }, t('needs.remove'))));
  };
  const fill = async () => {
    const { needs } = await get('/api/needs');
    table.replaceChildren(needs.length ? scroller(t('needs.title'), h('table',
      h('thead', h('tr', h('th', t('needs.product')), h('th', t('needs.quantity')),
        h('th', t('needs.priority')), h('th', t('needs.council')), h('th', ''))),
      h('tbody', needs.map(row)))) : h('p', t('needs.none')));
  };
  const [{ products }] = await Promise.all([get('/api/products?limit=1000'), fill()]);
  const product = h('select', { id: 'need-product' },
    products.map((p) => h('option', { value: p.key }, `${iso(p.name)} (${iso(p.unit)})`)));
  const quantity = h('input', { id: 'need-quantity', type: 'number', min: 0, step: 'any',
    required: true });
  const priority = h('select', { id: 'need-priority' }, [1, 2, 3, 4, 5].map((p) =>
    h('option', { value: p, selected: p === 3 }, `${num(p)} – ${t(`needs.priority.${p}`)}`)));
  const council = h('select', { id: 'need-council' },
    local.map((c) => h('option', { value: c.id, dir: 'auto' }, c.name)));
  const form = h('form.inline', { id: 'need-form' },
    h('label', t('needs.product'), product), h('label', t('needs.quantity'), quantity),
    h('label', t('needs.priority'), priority), h('label', t('needs.council'), council),
    h('button', { type: 'submit' }, t('needs.add')), formSaid.node);
  formSaid.watch(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (await save(formSaid, Number(council.value), product.value, Number(quantity.value),
      Number(priority.value))) formSaid.ok(t('needs.saved'));
  });
  return h('section.card', { id: 'my-needs' }, heading, h('p.muted', t('needs.period')),
    table, rowsSaid.node, form);
}

// My hours and skills per council; the total said above the form, drawn again after a save.
async function hoursCard(me) {
  let { abilities } = await get('/api/abilities');
  const local = me.councils.filter((c) => c.kind !== 'federation');
  const cur = abilities[0] || { council: local[0]?.id, hours: 0, skills: '' };
  // required: an empty field was sent as 0 hours and said "saved"
  const hours = h('input', { id: 'hours', type: 'number', min: 0, max: 168, step: 'any',
    value: cur.hours, required: true });
  const skills = h('input', { id: 'skills', value: cur.skills, dir: 'auto' });
  const council = h('select', { id: 'hours-council' }, local.map((c) =>
    h('option', { value: c.id, selected: c.id === cur.council, dir: 'auto' }, c.name)));
  council.addEventListener('change', () => { // show what I give that council
    const a = abilities.find((x) => x.council === Number(council.value));
    hours.value = a ? a.hours : 0;
    skills.value = a ? a.skills : '';
  });
  const said = answer();
  const form = h('form.inline', { id: 'hours-form' },
    h('label', t('hours.hours'), hours), h('label', t('hours.skills'), skills),
    h('label', t('needs.council'), council), h('button', { type: 'submit' }, t('hours.save')),
    said.node);
  said.watch(form);
  const offered = h('div');
  const cname = (id) => me.councils.find((c) => c.id === id)?.name ?? id;
  const summary = () => {
    const total = abilities.reduce((s, a) => s + a.hours, 0);
    // hours per council (a member may give hours to a neighbourhood and a workplace)
    offered.replaceChildren(h('p', t('hours.offered', { hours: total })),
      abilities.length > 1 ? h('ul.plain', abilities.map((a) => h('li',
        { 'data-council': a.council }, u(cname(a.council)), ': ', t('plan.perweek', { hours: a.hours }),
        a.skills ? [' · ', u(a.skills)] : ''))) : '');
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post('/api/abilities', { council: Number(council.value), hours: Number(hours.value),
        skills: skills.value });
    } catch (e) {
      said.error(errorText(e));
      return;
    }
    try {
      ({ abilities } = await get('/api/abilities'));
      summary();
      said.ok(t('hours.saved'));
    } catch (e) { // stored: only the totals could not be read again
      said.error(`${t('hours.saved')} ${t('error.load')} ${errorText(e)}`);
    }
  });
  summary();
  return h('section.card', { id: 'my-hours' }, h('h2', t('hours.title')), offered, form);
}

async function motionsCard(me, state) {
  // every open motion; of the closed ones the latest 8 of each council (8 are shown)
  const lists = await Promise.all(me.councils.map((c) => (state === 'open'
    ? getAll(`/api/councils/${c.id}/motions?state=open`, 'motions')
    : get(`/api/councils/${c.id}/motions?state=closed&limit=8`).then((r) => r.motions))
    .then((list) => list.map((m) => ({ ...m, councilName: c.name })))));
  let all = lists.flat().sort((a, b) => b.opened_at - a.opened_at);
  if (state === 'closed') all = all.slice(0, 8);
  const id = state === 'open' ? 'open-motions' : 'results';
  return h('section.card', { id }, h('h2', t(state === 'open' ? 'motions.open' : 'motions.results')),
    all.length ? h('ul.plain', all.map((m) => h('li', { 'data-motion': m.id },
      h('a', { href: `#/motion/${m.id}` }, u(m.title)), ' ',
      h('span.tag', t(`method.${m.method}`)), ' ', h('span.muted', u(m.councilName)), ' ',
      state === 'open' ? (m.voted ? h('span.badge.ok', t('motions.voted'))
        : h('span.badge', t('motions.notvoted')))
        : h('span.badge', m.passed ? t('result.passed') : t('result.notpassed')))))
      : h('p', t('motions.none')));
}

function recallForm(g, ctx) {
  const text = h('input', { dir: 'auto' });
  const said = answer();
  const form = h('form.inline.recall', { hidden: true },
    h('label', t('delegates.reason'), text),
    h('button.danger', { type: 'submit' }, t('delegates.recall.confirm')), said.node);
  said.watch(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await post(`/api/delegates/${g.id}/recall`, { text: text.value });
      ctx.notify(t('delegates.recall.opened'));
      ctx.go(`#/motion/${r.motion}`);
    } catch (e) { said.error(errorText(e)); }
  });
  return form;
}

async function votesOf(g, box) {
  const { ballots } = await get(`/api/delegates/${g.id}/ballots`);
  const items = await Promise.all(ballots.map(async (b) => {
    const m = await get(`/api/motions/${b.motion}`).catch(() => null);
    const generated = m ? await generatedOptions(m) : null;
    const chosen = m ? m.options.filter((o, i) => b.marks[i]).map((o) => optionLabel(o, generated)) : [];
    return h('li', m ? u(m.title) : `#${b.motion}`, ': ',
      chosen.length ? chosen.flatMap((c, k) => (k ? [', ', c] : [c])) : t('delegates.nothing'), ' ',
      h('span.muted', date(b.cast_at)));
  }));
  box.replaceChildren(items.length ? h('ul', items) : h('p', t('delegates.novotes')));
}

async function delegatesCard(me, ctx) {
  const local = me.councils.filter((c) => c.kind !== 'federation');
  const lists = await Promise.all(local.map((c) => get(`/api/councils/${c.id}/delegates`)));
  const seats = lists.flatMap((l) => l.elected.filter((g) => !g.until));
  return h('section.card', { id: 'my-delegates' }, h('h2', t('delegates.title')),
    seats.length ? h('ul.plain', seats.map((g) => {
      const box = h('div.votes');
      const form = recallForm(g, ctx);
      return h('li', { 'data-delegate': g.id }, h('strong', u(g.name)),
        g.mandate ? h('p.mandate', t('delegates.mandate'), ': ', u(g.mandate)) : null,
        h('p.actions',
          h('button.small.secondary', { on: { click: () => votesOf(g, box).catch((e) =>
            box.replaceChildren(h('p.error', { role: 'alert' }, errorText(e)))) } },
            t('delegates.votes')), ' ',
          h('button.small.danger', { on: { click: () => { form.hidden = false; } } },
            t('delegates.recall'))), form, box);
    })) : h('p', t('delegates.none')));
}

// Changing my password: the current one, the new one twice (a typo would lock me out); my
// other sessions end, this one stays.
function passwordCard() {
  const field = (id, key) => {
    const input = h('input', { id, type: 'password', required: true, minlength: id === 'pw-current' ? null : 8,
      maxlength: 1024, autocomplete: id === 'pw-current' ? 'current-password' : 'new-password' });
    return [h('label', { for: id }, t(key)), input];
  };
  const [lc, current] = field('pw-current', 'password.current');
  const [ln, fresh] = field('pw-new', 'password.new');
  const [la, again] = field('pw-again', 'password.again');
  const said = answer();
  const form = h('form', { id: 'password-form' }, lc, current, ln, fresh, la, again,
    h('button', { type: 'submit' }, t('password.submit')), said.node);
  said.watch(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    said.clear();
    if (fresh.value !== again.value) {
      said.error(t('password.mismatch'));
      return;
    }
    try {
      await post('/api/password', { current: current.value, new: fresh.value });
      form.reset();
      said.ok(t('password.done'));
    } catch (e) {
      said.error(errorText(e));
    }
  });
  return h('section.card', { id: 'my-password' }, h('h2', t('password.title')), form);
}

export async function render(main, params, ctx) {
  if (!ctx.me) {
    welcome(main);
    return;
  }
  const me = ctx.me;
  add(main, h('h1', t('home.hello', { name: '' }), u(me.name)));
  const cards = await Promise.all([councilsCard(me), motionsCard(me, 'open'), needsCard(me),
    hoursCard(me), delegatesCard(me, ctx), motionsCard(me, 'closed')]);
  add(main, h('div.grid', ...cards, passwordCard()));
}
