// Signing in.
import { post, setCsrf } from '../api.js';
import { h, add } from '../dom.js';
import { t, errorText } from '../i18n.js';

export async function render(main, params, ctx) {
  const email = h('input', { type: 'email', name: 'email', id: 'email', required: true,
    autocomplete: 'username', dir: 'ltr' });
  const password = h('input', { type: 'password', name: 'password', id: 'password',
    required: true, autocomplete: 'current-password', dir: 'ltr' });
  const msg = h('p.error', { role: 'alert' });
  const form = h('form.card.narrow', { id: 'login-form' },
    h('h1', t('login.title')),
    h('label', { for: 'email' }, t('login.email')), email,
    h('label', { for: 'password' }, t('login.password')), password,
    msg,
    h('button', { type: 'submit' }, t('login.submit')),
    h('p', t('login.notmember'), ' ', h('a', { href: '#/join' }, t('login.join'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    try {
      const r = await post('/api/login', { email: email.value, password: password.value });
      setCsrf(r.csrf);
      await ctx.refreshMe();
      ctx.frame();
      ctx.go('#/');
    } catch (e) {
      msg.textContent = e.status === 429 ? t('login.limited') : e.status === 401
        ? t('login.wrong') : errorText(e);
    }
  });
  add(main, form);
}
