/** Where the page keeps the token once it has left the address bar (per tab, gone with it). */
const STORAGE_KEY = 'xdm-loader.token';

/**
 * The browser-mode token: from `#token=` on first load, then from session storage.
 * Why remove it from the address bar: a URL with the token would end up in history, in a
 * screenshot or pasted in a chat; session storage keeps a reload working in the same tab.
 */
export function takeToken(location: Location = window.location, history: History = window.history, storage: Storage | null = safeSessionStorage()): string {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    storage?.setItem(STORAGE_KEY, fromHash);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  return storage?.getItem(STORAGE_KEY) ?? '';
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
