/**
 * Whether the browser reports a metered or slow connection (`navigator.connection`, Chromium
 * only): the Save-Data setting, or an effective type of 3G or slower.
 */
export interface ConnectionHints {
  saveData?: boolean;
  effectiveType?: string;
}

/** `navigator.connection` as far as the player reads it: the hints, and its `change` event. */
interface NetworkConnection extends ConnectionHints {
  addEventListener?: (type: 'change', listener: () => void) => void;
  removeEventListener?: (type: 'change', listener: () => void) => void;
}

const SLOW_TYPES = new Set(['slow-2g', '2g', '3g']);

export function savesData(connection: ConnectionHints | undefined | null): boolean {
  if (!connection) return false;
  return connection.saveData === true || SLOW_TYPES.has(connection.effectiveType ?? '');
}

function browserConnection(): NetworkConnection | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return (navigator as Navigator & { connection?: NetworkConnection }).connection;
}

/** What this browser reports now; false where it reports nothing. */
export function browserSavesData(): boolean {
  return savesData(browserConnection());
}

/**
 * Calls `listener` with the new answer whenever the connection changes (a phone leaving Wi-Fi,
 * Save-Data switched on); returns the unsubscribe. Nothing happens where the browser reports nothing.
 */
export function watchDataSaver(listener: (savesData: boolean) => void): () => void {
  const connection = browserConnection();
  if (!connection?.addEventListener) return () => {};
  const onChange = () => listener(savesData(connection));
  connection.addEventListener('change', onChange);
  return () => connection.removeEventListener?.('change', onChange);
}
