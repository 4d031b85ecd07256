// The public join form: name, email, place, how they heard of us, a message, the council.
// A member signed in asks for themselves: no name or email (the server takes theirs; one
// typed for a member by anyone else cannot be accepted), and only councils not theirs.
import { get, post } from '../api.js';
import { h, u, iso, add, answer } from '../dom.js';
import { t, errorText } from '../i18n.js';

function field(id, label, input) {
  input.id = id;
  input.name = id;
  return [h('label', { for: id }, label), input];
}

export async function render(main, _args, ctx) {
  const { councils } = await get('/api/councils');
  const me = ctx?.me;
  const mine = new Set((me?.councils || []).map((c) => c.id));
  const open = councils.filter((c) => c.kind !== 'federation' && !mine.has(c.id));
  const council = h('select', {}, open.map((c) => h('option', { value: c.id }, c.name)));
  const heard = h('select', {}, ['search', 'friend', 'social-media', 'other']
    .map((k) => h('option', { value: k }, t(`join.heard.${k}`))));
  const name = h('input', { required: true, maxlength: 200, dir: 'auto' });
  const email = h('input', { type: 'email', required: true, dir: 'ltr' });
  const place = h('input', { maxlength: 200, dir: 'auto' });
  const message = h('textarea', { rows: 4, maxlength: 20000, dir: 'auto' });
  const said = answer();
  const form = h('form.card.narrow', { id: 'join-form' },
    h('h1', t('join.title')), h('p', t('join.intro')),
    me ? h('p', { id: 'join-as' }, t('join.as', { name: iso(me.name) })) : null,
    field('join-council', t('join.council'), council),
    me ? null : field('join-name', t('join.name'), name),
    me ? null : field('join-email', t('join.email'), email),
    field('join-place', t('join.place'), place),
    field('join-heard', t('join.heard'), heard),
    field('join-message', t('join.message'), message),
    h('button', { type: 'submit' }, t('join.submit')), said.node);
  said.watch(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    said.clear();
    try {
      const asked = { council: Number(council.value), place: place.value,
        heard: heard.value, message: message.value };
      await post('/api/join', me ? asked : { ...asked, name: name.value, email: email.value });
      form.replaceWith(h('div.card.narrow', { id: 'join-done' }, h('h1', t('join.thanks')),
        h('p', t('join.pending', { council: '' }), u(open.find((c) => c.id === Number(council.value))?.name))));
    } catch (e) {
      said.error(errorText(e));
    }
  });
  add(main, form);
}
