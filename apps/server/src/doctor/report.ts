import type { CheckResult } from './checks';

const MARK: Record<CheckResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
};

/**
 * The doctor's table: one row per check, then the fix under every failure or warning, and a note
 * under checks that a pass on the local emulator does not prove.
 */
export function formatReport(results: CheckResult[], target: string): string {
  const width = Math.max(...results.map((r) => r.name.length), 'check'.length);
  const lines = [
    `S3 doctor: ${target}`,
    '',
    `${'check'.padEnd(width)}  result  detail`,
    `${'-'.repeat(width)}  ------  ------`,
  ];
  for (const result of results) {
    const optional = !result.required && result.status !== 'pass' ? ' (optional)' : '';
    lines.push(`${result.name.padEnd(width)}  ${MARK[result.status].padEnd(6)}  ${result.detail}${optional}`);
    if (result.fix && result.status !== 'pass') lines.push(`${' '.repeat(width + 10)}fix: ${result.fix}`);
    if (result.unprovenOnEmulator) {
      lines.push(`${' '.repeat(width + 10)}cannot be proven on the emulator: ${result.unprovenOnEmulator}`);
    }
  }
  const failed = results.filter((r) => r.required && (r.status === 'fail' || r.status === 'skip'));
  lines.push(
    '',
    failed.length === 0
      ? `All required checks passed (${results.filter((r) => r.status === 'pass').length}/${results.length} pass).`
      : `${failed.length} required check(s) failed: ${failed.map((r) => r.name).join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}
