// Signing in.
import { post, setCsrf } from '../api.js';
import { h, add } from '../dom.js';
import { t, errorText } from '../i18n.js';

export async function render(main, params, ctx) {
  const email = h('input', { type: 'email', name: 'email', id: 'email', required: true,
    autocomplete: 'username', dir: 'ltr' });
  const password = h('input', { type: 'password', name: 'password', id: 'password',
    required: true, autocomplete: 'current-password', dir: 'ltr' });
  // what led here first (a session that ended), then each attempt's refusal
  const msg = h('p.error', { role: 'alert' }, ctx.loginReason);
  ctx.loginReason = '';
  const form = h('form.card.narrow', { id: 'login-form' },
    h('h1', t('login.title')),
    h('label', { for: 'email' }, t('login.email')), email,
    h('label', { for: 'password' }, t('login.password')), password,
    msg,
    h('button', { type: 'submit' }, t('login.submit')),
    h('p', t('login.notmember'), ' ', h('a', { href: '#/join' }, t('login.join'))));
  // a field the browser refuses (an email without @) is the problem now, not the last
  // refusal: the browser's own message shows, the stale one goes ('invalid' does not bubble)
  form.addEventListener('invalid', () => { msg.textContent = ''; }, true);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    try {
      const r = await post('/api/login', { email: email.value, password: password.value });
      setCsrf(r.csrf);
      await ctx.refreshMe(true);
      ctx.frame();
      const back = ctx.returnTo || '#/';
      ctx.returnTo = '';
      ctx.go(back);
    } catch (e) {
      msg.textContent = e.status === 429 ? t('login.limited') : e.status === 401
        ? t('login.wrong') : errorText(e);
    }
  });
  add(main, form);
}
