// The signed-in user, kept in sessionStorage (per tab, gone when the tab closes).
const KEY = 'vertx-elastic.session';
const listeners = new Set();
let notice = null;

/** The current session {token, userId, name, expiresAt, instructor}, or null (also when expired). */
export function session() {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw);
    if (!value.token || Date.parse(value.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return value;
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

export function signIn(issued, instructor) {
  const { token, userId, name, expiresAt } = issued;
  sessionStorage.setItem(KEY, JSON.stringify({ token, userId, name, expiresAt, instructor }));
  notice = null;
  listeners.forEach((listener) => listener());
}

/** Ends the session; {@code message} is shown once on the sign-in page. */
export function signOut(message = null) {
  sessionStorage.removeItem(KEY);
  notice = message;
  listeners.forEach((listener) => listener());
}

/** A message left by the last sign-out (e.g. an expired token), read once. */
export function takeNotice() {
  const message = notice;
  notice = null;
  return message;
}

export function onSessionChange(listener) {
  listeners.add(listener);
}
