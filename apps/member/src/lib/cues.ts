export interface Cue {
  startSeconds: number;
  artist: string | null;
  title: string;
}

/** The entry playing at `seconds`: the last one that has started (cues are sorted by start). */
export function cueIndexAt(cues: readonly Cue[], seconds: number): number {
  let found = -1;
  for (const [index, cue] of cues.entries()) {
    if (cue.startSeconds <= seconds + 0.25) found = index;
    else break;
  }
  return found;
}

/** "Artist – Title", or the title alone. */
export function cueLabel(cue: Cue): string {
  return cue.artist ? `${cue.artist} – ${cue.title}` : cue.title;
}
