import { ref } from 'vue';

const KEY = 'floorpulse.token';

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The token of this browser: asked once and kept, or given in the URL for a kiosk TV. */
export const token = ref<string | null>(read());

/**
 * Takes ?token=… into storage and removes it from the address bar, so it is not left in the
 * history, on a screenshot or in a Referer.
 */
export function takeTokenFromUrl(): void {
  const url = new URL(location.href);
  const t = url.searchParams.get('token');
  if (!t) return;
  setToken(t);
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

export function setToken(t: string): void {
  token.value = t;
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Private mode: the token lives for this tab only.
  }
}

export function logout(): void {
  token.value = null;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
