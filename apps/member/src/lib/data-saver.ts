/**
 * Whether the browser reports a metered or slow connection (`navigator.connection`, Chromium
 * only): the Save-Data setting, or an effective type of 3G or slower.
 */
export interface ConnectionHints {
  saveData?: boolean;
  effectiveType?: string;
}

const SLOW_TYPES = new Set(['slow-2g', '2g', '3g']);

export function savesData(connection: ConnectionHints | undefined | null): boolean {
  if (!connection) return false;
  return connection.saveData === true || SLOW_TYPES.has(connection.effectiveType ?? '');
}

/** What this browser reports now; false where it reports nothing. */
export function browserSavesData(): boolean {
  const nav = navigator as Navigator & { connection?: ConnectionHints };
  return savesData(nav.connection);
}
