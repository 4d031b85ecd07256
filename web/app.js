// plenum's web interface: the frame (navigation, language, who is signed in), the hash
// router and the views (web/views/). Plain modules, no build step; text from web/i18n/.
import { get, post, setCsrf } from './api.js';
import { h, u, clear } from './dom.js';
import { LANGS, pickLanguage, setLanguage, currentLanguage, t, errorText } from './i18n.js';
import * as member from './views/member.js';
import * as motion from './views/motion.js';
import * as council from './views/council.js';
import * as plan from './views/plan.js';
import * as transparency from './views/transparency.js';
import * as join from './views/join.js';
import * as login from './views/login.js';

const routes = [
  [/^#?\/?$/, member], [/^#\/login$/, login], [/^#\/motion\/(\d+)$/, motion],
  [/^#\/council\/(\d+)$/, council], [/^#\/plan$/, plan], [/^#\/transparency$/, transparency],
  [/^#\/join$/, join],
];

const ctx = {
  me: null,
  go(hash) { if (location.hash === hash) render(); else location.hash = hash; },
  notify(msg, kind = 'ok') {
    const n = clear(document.getElementById('notice'));
    if (msg) n.append(h(`p.${kind}`, msg));
  },
  async refreshMe() {
    try {
      ctx.me = await get('/api/me');
      setCsrf(ctx.me.csrf);
    } catch (e) {
      ctx.me = null;
      setCsrf('');
    }
  },
  async logout() {
    await post('/api/logout', {}).catch(() => {});
    ctx.me = null;
    setCsrf('');
    frame();
    ctx.go('#/login');
  },
};

function frame() {
  const nav = clear(document.getElementById('nav'));
  const links = [['#/', 'nav.home'], ['#/plan', 'nav.plan'], ['#/transparency', 'nav.transparency'],
    ['#/join', 'nav.join']];
  for (const [href, key] of links) nav.append(h('a', { href, 'data-nav': key }, t(key)));
  const who = clear(document.getElementById('who'));
  if (ctx.me) {
    who.append(u(ctx.me.name, 'span'), ' ',
      h('button.link', { id: 'logout', on: { click: () => ctx.logout() } }, t('nav.logout')));
  } else {
    who.append(h('a', { href: '#/login', id: 'login-link' }, t('nav.login')));
  }
  document.getElementById('lang-label').textContent = t('nav.language');
  document.title = t('app.title');
}

function languageMenu() {
  const sel = document.getElementById('lang');
  for (const [code, name] of Object.entries(LANGS)) {
    sel.append(h('option', { value: code, lang: code }, name));
  }
  sel.value = currentLanguage();
  sel.addEventListener('change', async () => {
    await setLanguage(sel.value, true);
    frame();
    render();
  });
}

// Each render builds its page into a container of its own and shows it only if no later
// render began meanwhile (a language switch and a link followed at once must not mix two
// pages). main[data-ready] names the page shown once it is complete (the browser tests wait
// for it).
let generation = 0;

async function render() {
  const main = document.getElementById('main');
  const gen = ++generation;
  main.removeAttribute('data-ready');
  const page = h('div.page');
  const hash = location.hash || '#/';
  const show = () => {
    if (gen !== generation) return;
    main.replaceChildren(page);
    main.setAttribute('data-ready', hash);
  };
  for (const [re, view] of routes) {
    const m = hash.match(re);
    if (!m) continue;
    for (const a of document.querySelectorAll('#nav a')) {
      a.toggleAttribute('aria-current', a.getAttribute('href') === (hash === '#' ? '#/' : hash));
    }
    try {
      await view.render(page, m.slice(1), ctx);
    } catch (e) {
      page.append(h('p.error', t('error.load'), ' ', u(errorText(e))));
    }
    show();
    return;
  }
  page.append(h('p.error', t('error.notfound')));
  show();
}

async function start() {
  await setLanguage(pickLanguage(), false);
  languageMenu();
  await ctx.refreshMe();
  frame();
  window.addEventListener('hashchange', () => { ctx.notify(''); render(); });
  await render();
}

ctx.frame = frame;
start();
