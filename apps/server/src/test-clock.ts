import { readFileSync } from 'node:fs';
import type { Clock } from '@party/api';

/**
 * For browser tests (`TEST_CLOCK_OFFSET_FILE`): the system time plus the seconds written in a file,
 * read on every call, so a test can move the share links' clock forward in a running server
 * instead of waiting days. A missing or unreadable file counts as no offset.
 */
export function fileOffsetClock(file: string): Clock {
  return () => {
    let seconds = 0;
    try {
      seconds = Number(readFileSync(file, 'utf8').trim()) || 0;
    } catch {
      seconds = 0;
    }
    return new Date(Date.now() + seconds * 1000);
  };
}
