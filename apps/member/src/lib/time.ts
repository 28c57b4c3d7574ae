/** A position as a player shows it: "4:05", "1:12:30". */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/*
 * Lengths and spoken positions come from packages/ui's formatters, in the active language: one
 * place for the words ("1 h 12 min" / "1 Std. 12 Min.", "1 hour" / "1 Stunde").
 */
export { formatLength, spokenDuration as spokenClock } from '@party/ui';
