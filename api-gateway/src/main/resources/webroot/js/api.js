// The gateway's JSON API: one fetch wrapper that turns problem+json answers into ApiError.
import { session, signOut } from './session.js';

/** A failed call: the RFC 9457 problem's fields, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || (status ? `Error ${status}` : 'Network error');
    this.detail = problem.detail || (status ? 'The request failed.' : 'The server could not be reached. Check your connection and try again.');
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfter = retryAfter;
  }
}

/**
 * Calls {@code path} on the gateway. Options: method, body (sent as JSON), auth (send the bearer
 * token), signal. Resolves to {status, body, headers}; rejects with ApiError.
 */
export async function api(path, { method = 'GET', body, auth = false, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const current = session();
  if (auth && current) headers.Authorization = `Bearer ${current.token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0);
  }
  const type = response.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && auth) signOut('Your session has expired. Please sign in again.');
    throw new ApiError(response.status, parsed || {}, response.headers.get('Retry-After'));
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
