// Calls to the node's JSON API (contract §7) with the bearer token, if the user gave one.
// The token lives in sessionStorage (this tab only) and travels only in the Authorization
// header: no cookie, so no other site can make the browser call the API with it.

const TOKEN_KEY = 'sluice.api.token';

/** The API answered 401: the token is missing or wrong. */
export class Unauthorized extends Error {}

export function hasToken() {
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

async function call(method, path) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch('/api/v1' + path, { method, headers, credentials: 'omit', cache: 'no-store' });
  if (response.status === 401) throw new Unauthorized('the API asks for a token');
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : 'HTTP ' + response.status);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** GET /api/v1{path}, parsed. */
export function get(path) {
  return call('GET', path);
}

/** POST /api/v1{path} without a body (cancel, trigger), parsed. */
export function post(path) {
  return call('POST', path);
}

/** A path segment: run ids and job names are user data. */
export function segment(text) {
  return encodeURIComponent(text);
}
