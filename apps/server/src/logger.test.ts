import { describe, expect, it } from 'vitest';
import { loggableUrl } from './logger';

describe('loggableUrl', () => {
  it('drops query strings and media tokens, keeps ordinary paths', () => {
    expect(loggableUrl('/invite/accept?token=secret')).toBe('/invite/accept');
    expect(loggableUrl('/media/eyJrIjoiYSJ9.c2lnbmF0dXJl?x=1')).toBe('/media/…');
    expect(loggableUrl('/trpc/musicSets.list')).toBe('/trpc/musicSets.list');
  });
});
