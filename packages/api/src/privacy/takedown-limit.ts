/**
 * How many photos one member may ask to hide in any 24 hours (README, Privacy). Enough for
 * someone who appears in a whole gallery to work through it over a few days; a script or a
 * grudge cannot empty an event's gallery in one go.
 */
export const TAKEDOWNS_PER_DAY = 20;
