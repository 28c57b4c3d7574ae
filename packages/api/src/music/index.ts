/** Tracklist formats, for the worker (processing prefills a tracklist from embedded chapters). */
export { parseCueSheet } from './cue-sheet';
export { cuesFromEmbedded, type EmbeddedChapter } from './embedded-chapters';
export type { Cue } from './tracklist';
