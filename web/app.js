// plenum's web interface: the frame (navigation, language, who is signed in), the hash
// router and the views (web/views/). Plain modules, no build step; text from web/i18n/.
import { get, post, setCsrf, onSessionEnd } from './api.js';
import { h, u, clear } from './dom.js';
import { LANGS, pickLanguage, setLanguage, currentLanguage, t, errorText } from './i18n.js';
import * as member from './views/member.js';
import * as motion from './views/motion.js';
import * as council from './views/council.js';
import * as plan from './views/plan.js';
import * as transparency from './views/transparency.js';
import * as join from './views/join.js';
import * as login from './views/login.js';

// Each page's name in the window's title: a menu's name, or the page's own heading (a
// motion's title, a council's name); '' for the application's name alone.
const heading = (page) => page.querySelector('h1')?.textContent.trim() ?? '';
const routes = [
  [/^#?\/?$/, member, () => (ctx.me ? t('nav.home') : '')], [/^#\/login$/, login, () => t('nav.login')],
  [/^#\/motion\/(\d+)$/, motion, heading], [/^#\/council\/(\d+)$/, council, heading],
  [/^#\/plan$/, plan, () => t('nav.plan')], [/^#\/transparency$/, transparency, () => t('nav.transparency')],
  [/^#\/join$/, join, () => t('nav.join')],
];

// Whether this browser is signed in, as far as it last knew ('1' or '0'; missing before the
// first answer). The session cookie is HttpOnly, so the page cannot see it, and /api/me
// answers 401 when signed out, which the browser logs as a failed request on every page: so
// /api/me is asked only when signed in, or when not known yet (once).
const SIGNED_IN = 'plenum.signedin';

const ctx = {
  me: null,
  loginReason: '', // what the sign-in page says first (why the member was led there)
  returnTo: '', // where signing in leads back to
  go(hash) { if (location.hash === hash) render(); else location.hash = hash; },
  notify(msg, kind = 'ok') {
    const n = clear(document.getElementById('notice'));
    if (msg) n.append(h(`p.${kind}`, msg));
  },
  // ask: even where this browser last knew itself signed out (just signed in)
  async refreshMe(ask = false) {
    if (!ask && localStorage.getItem(SIGNED_IN) === '0') {
      forget(false);
      return;
    }
    try {
      ctx.me = await get('/api/me');
      setCsrf(ctx.me.csrf);
      localStorage.setItem(SIGNED_IN, '1');
    } catch (e) {
      forget(e.status === 401); // not signed in; a server or network failure may ask again
    }
  },
  async logout() {
    ctx.me = null; // first: a 401 from the sign-out itself is no expired session to report
    await post('/api/logout', {}).catch(() => {}); // with the CSRF token, forgotten after
    forget();
    frame();
    ctx.go('#/login');
  },
};

// remember: that this browser is signed out (see SIGNED_IN)
function forget(remember = true) {
  ctx.me = null;
  setCsrf('');
  if (remember) localStorage.setItem(SIGNED_IN, '0');
}

// 401 ESESSION from any call while signed in: the session expired or was ended elsewhere.
// Forget the member as signing out does and lead to the sign-in page, which says why and
// leads back here; the page that met it is not shown ("could not be loaded").
onSessionEnd(() => {
  if (!ctx.me) return; // signed out as far as the page knew: a plain refusal
  const back = location.hash || '#/';
  forget();
  ctx.loginReason = t('error.ESESSION');
  ctx.returnTo = back === '#/login' ? '' : back;
  generation++;
  frame();
  ctx.go('#/login');
});

function frame() {
  const nav = clear(document.getElementById('nav'));
  nav.setAttribute('aria-label', t('nav.main'));
  const links = [['#/', 'nav.home'], ['#/plan', 'nav.plan'], ['#/transparency', 'nav.transparency'],
    ['#/join', 'nav.join']];
  for (const [href, key] of links) nav.append(h('a', { href, 'data-nav': key }, t(key)));
  markCurrent();
  const who = clear(document.getElementById('who'));
  if (ctx.me) {
    who.append(u(ctx.me.name, 'span'), ' ',
      h('button.link', { id: 'logout', on: { click: () => ctx.logout() } }, t('nav.logout')));
  } else {
    who.append(h('a', { href: '#/login', id: 'login-link' }, t('nav.login')));
  }
  document.getElementById('lang-label').textContent = t('nav.language');
  document.getElementById('lang-hint').textContent = t('nav.language.hint');
  document.getElementById('skip').textContent = t('nav.skip');
}

function markCurrent() {
  const hash = location.hash || '#/';
  for (const a of document.querySelectorAll('#nav a')) {
    a.toggleAttribute('aria-current', a.getAttribute('href') === (hash === '#' ? '#/' : hash));
  }
}

// The language menu. A pointer's choice switches at once. On the keyboard, the closed menu's
// arrow keys (and letters) step through the languages and fire 'change' at each step
// (Chromium; Firefox on Windows and Linux): switching there redrew the page in every
// language passed on the way, each read out. So a choice made by those keys waits for Enter
// (the hint, read with the menu, says so); leaving the menu without it puts back the language
// in use, so that the menu never names a language the page is not in. An opened list
// (Alt+Down, space) keeps its keys to itself, and its choice switches at once, as a pointer's.
const STEP_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End',
  'PageUp', 'PageDown']);

function languageMenu() {
  const sel = document.getElementById('lang');
  for (const [code, name] of Object.entries(LANGS)) {
    sel.append(h('option', { value: code, lang: code }, name));
  }
  sel.value = currentLanguage();
  let stepping = false;
  sel.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      stepping = false;
      switchTo(sel);
    } else if (!ev.altKey && (STEP_KEYS.has(ev.key) || (ev.key.length === 1 && ev.key !== ' '))) {
      stepping = true;
    }
  });
  sel.addEventListener('change', () => { if (!stepping) switchTo(sel); });
  sel.addEventListener('blur', () => {
    if (stepping) sel.value = currentLanguage();
    stepping = false;
  });
  sel.addEventListener('focus', () => { stepping = false; });
  // a pointer opening the menu after arrow keys: its choice switches at once (a click on
  // the menu that has focus already fires no focus event)
  sel.addEventListener('pointerdown', () => { stepping = false; });
}

// The page in the menu's language; a catalog that cannot be loaded leaves the page and the
// menu in the language in use, and says why beside the menu (the notice bar under it).
async function switchTo(sel) {
  const want = sel.value;
  if (want === currentLanguage()) return;
  try {
    await setLanguage(want, true);
  } catch (e) {
    sel.value = currentLanguage();
    ctx.notify(errorText(e), 'error');
    return;
  }
  ctx.notify('');
  frame();
  render({ focus: false }); // the member is at the menu: focus stays there
}

// Each render builds its page into a container of its own and shows it only if no later
// render began meanwhile (a language switch and a link followed at once must not mix two
// pages). main[data-ready] names the page shown once it is complete (the browser tests wait
// for it); main[aria-busy] says that one is loading (the style sheet shows a moving bar when
// it takes a moment).
let generation = 0;
let first = true;

async function render({ focus = true } = {}) {
  const main = document.getElementById('main');
  const gen = ++generation;
  main.removeAttribute('data-ready');
  main.setAttribute('aria-busy', 'true');
  const page = h('div.page');
  const hash = location.hash || '#/';
  let title = heading;
  const show = () => {
    if (gen !== generation) return;
    main.replaceChildren(page);
    main.removeAttribute('aria-busy');
    settle(page, title(page), focus && !first);
    first = false;
    main.setAttribute('data-ready', hash);
  };
  markCurrent();
  for (const [re, view, name] of routes) {
    const m = hash.match(re);
    if (!m) continue;
    title = name;
    try {
      await view.render(page, m.slice(1), ctx);
    } catch (e) {
      if (gen !== generation) return; // an expired session led elsewhere meanwhile
      title = heading;
      // the heading is the catalog's "could not be loaded:" without its colon, the reason below
      page.replaceChildren(h('h1', t('error.load').replace(/\s*:\s*$/, '')), h('p.error', errorText(e)));
    }
    show();
    return;
  }
  page.append(h('h1', t('error.notfound')));
  show();
}

// A page shown: its name in the window's title (tabs, history, what a screen reader says
// first), and focus on its heading, where reading and Tab go on from (else focus falls to
// the body's start with the old page's button gone). Not on the first page: there the skip
// link is the first stop, as a visitor expects.
function settle(page, name, focus) {
  document.title = name ? `${name} — plenum` : t('app.title');
  const h1 = page.querySelector('h1');
  if (!h1) return;
  h1.tabIndex = -1;
  if (focus) h1.focus();
}

// The skip link: to the page's heading (a plain #main would be taken for a route).
function skipLink() {
  document.getElementById('skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    const main = document.getElementById('main');
    (main.querySelector('h1') ?? main).focus();
  });
}

async function start() {
  try {
    await setLanguage(pickLanguage(), false);
  } catch {
    await setLanguage('en', false); // a catalog missing: English, which every page needs
  }
  languageMenu();
  skipLink();
  await ctx.refreshMe();
  frame();
  window.addEventListener('hashchange', () => { ctx.notify(''); render(); });
  await render();
}

ctx.frame = frame;
// nothing at all could start (not even English's catalog, or storage refused): said on the
// page, not left at its placeholder and busy
start().catch((e) => {
  const main = document.getElementById('main');
  main?.removeAttribute('aria-busy');
  main?.replaceChildren(h('p.error', { role: 'alert' }, `plenum: ${e?.message ?? e}`));
});
