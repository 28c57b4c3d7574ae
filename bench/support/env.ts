/**
 * The benchmarks' environment, read here and nowhere else in bench/: their knobs (BENCH_*) and what
 * the servers and CLIs they start inherit.
 */

/**
 * A positive number from the environment variable `name`, `fallback` when it is unset; throws an
 * error naming the variable when it is anything else.
 */
export function benchNumber(
  name: string,
  fallback: number,
  rule: { integer?: boolean; max?: number } = {},
): number {
  const raw = process.env[name] ?? String(fallback);
  const value = Number(raw);
  const valid =
    Number.isFinite(value) &&
    value > 0 &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.max === undefined || value <= rule.max);
  if (!valid) {
    const kind = rule.integer ? 'a positive integer' : 'a positive number';
    const limit = rule.max === undefined ? '' : ` up to ${rule.max}`;
    throw new Error(`${name} must be ${kind}${limit}, got "${raw}"`);
  }
  return value;
}

/** What a server or CLI that a benchmark starts inherits: this process's environment. */
export const inheritedEnv: NodeJS.ProcessEnv = process.env;

/** A comma-separated list from the environment variable `name`, `fallback` when it is unset. */
export function benchList(name: string, fallback: string[]): string[] {
  const raw = process.env[name];
  return raw
    ? raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : fallback;
}

/** A directory for the started server's V8 CPU profile (`--cpu-prof`), or undefined for none. */
export function benchProfileDir(name: string): string | undefined {
  return process.env[name] || undefined;
}
