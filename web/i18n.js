// Message catalogs (web/i18n/<lang>.json), the language choice (browser, switchable,
// remembered) and localized numbers and dates (Intl, with each catalog's locale).
export const LANGS = {
  en: 'English', nb: 'Norsk bokmål', fa: 'فارسی', ar: 'العربية', tr: 'Türkçe', es: 'Español',
  fr: 'Français', it: 'Italiano', el: 'Ελληνικά', pt: 'Português', ru: 'Русский',
  ku: 'Kurdî (Kurmancî)', hy: 'Հայերեն',
};
const RTL = new Set(['fa', 'ar']);
let lang = 'en';
let cat = {};
let base = {};
let locale = 'en';

export function pickLanguage() {
  const saved = localStorage.getItem('plenum.lang');
  if (saved && LANGS[saved]) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const code = l.toLowerCase().split('-')[0];
    if (code === 'no' || code === 'nn') return 'nb';
    if (LANGS[code]) return code;
  }
  return 'en';
}

// A catalog that cannot be had fails as an API call does (ENETWORK, EHTTP), so that the
// member is told why in their language (errorText).
async function fetchCatalog(l) {
  const failed = (code, message) => Object.assign(new Error(message), { code });
  const r = await fetch(`/i18n/${l}.json`).catch((e) => { throw failed('ENETWORK', e.message); });
  if (!r.ok) throw failed('EHTTP', `/i18n/${l}.json: HTTP ${r.status}`);
  return r.json().catch(() => { throw failed('EHTTP', `/i18n/${l}.json: not JSON`); });
}

export async function setLanguage(l, remember) {
  if (!LANGS[l]) l = 'en';
  if (!Object.keys(base).length) base = await fetchCatalog('en');
  cat = l === 'en' ? base : await fetchCatalog(l);
  lang = l;
  locale = cat._locale || l;
  if (remember) localStorage.setItem('plenum.lang', l);
  document.documentElement.lang = l;
  document.documentElement.dir = RTL.has(l) ? 'rtl' : 'ltr';
}

export const currentLanguage = () => lang;
export const isRtl = () => RTL.has(lang);

// t("some.key", {n: 3}) -> the message with {n} replaced (numbers localized); English when the
// catalog lacks the key (started catalogs), the key itself when both lack it.
export function t(key, params) {
  let s = cat[key] ?? base[key] ?? key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, k) => {
      const v = params[k];
      return typeof v === 'number' ? num(v) : v ?? m;
    });
  }
  return s;
}

// Codes the API returns (docs/api.md, src/http) whose meaning a line of the catalogs says
// already: that line. Every other code without an error.CODE line (EDB, EHTTP, EMETHOD, a
// library failure...) is error.unknown, the server's message after it.
const ALIAS = {
  EDUPLICATE: 'error.ECONFLICT', EFORMAT: 'error.EINVAL', EQUERY: 'error.EINVAL',
  ENOMEM: 'error.EBUSY', ELOGIN: 'login.wrong', ENOECONOMY: 'plan.noeconomy',
  ENOPLAN: 'motion.novariants',
};

// Codes whose server message adds nothing a member can act on (how the API is called, or
// fetch's own English): the catalog's line alone.
const NODETAIL = new Set(['ESESSION', 'ECSRF', 'ENETWORK', 'ELOGIN', 'EBUSY', 'ENOMEM',
  'ENOECONOMY', 'ENOPLAN']);

// An API error for the member: the catalog's line for its code, then the server's own
// message (English, with the details) in brackets; an error without a code (a ballot's own
// check, already in the member's language) as it is.
export function errorText(e) {
  const code = typeof e?.code === 'string' ? e.code : '';
  if (!code) return e?.message ?? String(e);
  const own = `error.${code}`;
  const key = own in cat || own in base ? own : ALIAS[code] ?? 'error.unknown';
  if (NODETAIL.has(code) || !e.message) return t(key);
  // the detail isolated (U+2068 FSI ... U+2069 PDI): English inside an Arabic line keeps
  // its own direction and its brackets
  return `${t(key)} \u2068(${e.message})\u2069`;
}

export function num(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const opts = digits === undefined ? { maximumFractionDigits: Math.abs(x) < 10 ? 2 : 0 }
    : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return new Intl.NumberFormat(locale, opts).format(x);
}

// Three significant digits: for values that span many orders (labour values, embodied
// emissions per unit), where a fixed number of decimals shows small ones as 0.
export function sig(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 }).format(x);
}

export function pct(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(x);
}

// A time the browser cannot show (beyond JavaScript's dates, some 275 000 years from 1970,
// or no number at all) is a dash, never an exception that would lose the whole page.
export function date(unix) {
  const when = new Date(unix * 1000);
  if (!unix || Number.isNaN(when.getTime())) return '–';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(when);
  } catch {
    return '–';
  }
}
