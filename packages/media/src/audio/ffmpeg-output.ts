/** Reading what ffmpeg 5.1 writes on stderr: progress, the ebur128 summary, decode errors. */

/** Seconds of output written so far, from a stats line (`size=... time=00:01:02.34 bitrate=...`). */
export function parseProgressTime(line: string): number | null {
  const match = /time=\s*(-?\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
  if (!match) return null;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/**
 * Collects the integrated loudness and the true peak from the summary the `ebur128` filter logs
 * when its input ends (the peak only with `peak=true`):
 * ```
 * [Parsed_ebur128_0 @ 0x...] Summary:
 *   Integrated loudness:
 *     I:         -14.2 LUFS
 *   ...
 *   True peak:
 *     Peak:       -0.4 dBFS
 * ```
 * ffmpeg 5.1 may configure the filter graph twice; the instance torn down first logs an empty
 * summary (-70 LUFS), so the last summary wins.
 */
export class LoudnessSummary {
  private inSummary = false;
  private integrated: number | null = null;
  private peak: number | null = null;

  push(line: string): void {
    if (/\] Summary:\s*$/.test(line)) {
      this.inSummary = true;
      this.integrated = null;
      this.peak = null;
      return;
    }
    if (!this.inSummary) return;
    const integrated = /^\s*I:\s+(-?\d+(?:\.\d+)?|-?inf)\s+LUFS/.exec(line);
    if (integrated?.[1] && this.integrated === null) this.integrated = Number.parseFloat(integrated[1]);
    const peak = /^\s*Peak:\s+(-?\d+(?:\.\d+)?|-?inf)\s+dBFS/.exec(line);
    if (peak?.[1] && this.peak === null) this.peak = Number.parseFloat(peak[1]);
  }

  /**
   * True peak in dBTP (ebur128 says dBFS: it is measured on the 4× oversampled signal, which is
   * what dBTP means); null without a summary, or for digital silence (-inf).
   */
  get truePeakDb(): number | null {
    const value = this.peak;
    return value === null || !Number.isFinite(value) ? null : value;
  }

  /**
   * Integrated loudness in LUFS; null without a summary, or when nothing was above the absolute
   * gate of -70 LUFS (silence), where the filter reports its floor rather than a measurement.
   */
  get lufs(): number | null {
    const value = this.integrated;
    if (value === null || !Number.isFinite(value) || value <= -70) return null;
    return value;
  }
}

/** Lines ffmpeg writes when the input, not the machine, is at fault. */
const INPUT_FAULT =
  /Error while decoding stream|Invalid data found when processing input|decode_frame\(\) failed|invalid residual|Header missing|could not find codec parameters|moov atom not found|Error reading header|Failed to read frame size|stream ends prematurely|Packet corrupt|End of file/i;

/** Whether stderr blames the input: decode errors, unreadable headers, truncation. */
export function isInputFault(lines: readonly string[]): boolean {
  return lines.some((line) => INPUT_FAULT.test(line));
}

/** The last meaningful stderr lines, for an error message an operator can act on. */
export function stderrTail(lines: readonly string[], count = 6): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('size=') && !/^\s*Press \[q\]/.test(line))
    .slice(-count)
    .join(' | ');
}
