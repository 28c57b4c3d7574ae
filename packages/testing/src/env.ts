/** The environment the test harness reads; nothing else in this package looks at process.env. */

/** `CI=true` (as `.ci/run` sets it): a missing program fails the run instead of skipping tests. */
export const IN_CI = process.env.CI === 'true';
