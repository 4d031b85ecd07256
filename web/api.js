// The JSON API client: same-origin fetch, the session cookie sent by the browser, the CSRF
// token (from /api/me or the login reply) on every POST. Errors carry the server's code and
// message; no answer at all is ENETWORK, an answer that is no JSON error EHTTP.
let csrf = '';
let sessionEnded = () => {};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error || 'EHTTP';
  }
}

export function setCsrf(token) { csrf = token || ''; }

// fn(error) hears of every 401 ESESSION (the session expired or was ended elsewhere) before
// the caller does: the frame forgets the member and leads to the sign-in page.
export function onSessionEnd(fn) { sessionEnded = fn; }

async function call(method, path, body) {
  const headers = {};
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = csrf;
  }
  let r;
  try {
    r = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: method === 'POST' ? JSON.stringify(body || {}) : undefined,
    });
  } catch (e) {
    // offline, or the server down: fetch's own words ("Failed to fetch") are English and
    // say nothing the member can act on
    throw new ApiError(0, { error: 'ENETWORK', message: e.message });
  }
  const doc = await r.json().catch(() => null);
  if (!r.ok) {
    const e = new ApiError(r.status, doc);
    if (e.code === 'ESESSION') sessionEnded(e);
    throw e;
  }
  return doc;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);

// Every row of a paged listing (rows: the name of its array), page after page by "next".
export async function getAll(path, rows) {
  const sep = path.includes('?') ? '&' : '?';
  let all = [];
  for (let before = 0; ;) {
    const doc = await get(`${path}${sep}limit=1000${before ? `&before=${before}` : ''}`);
    all = all.concat(doc[rows]);
    if (doc.next == null) return all;
    before = doc.next;
  }
}
