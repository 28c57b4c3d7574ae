import { describe, expect, it } from 'vitest';
import { nextSelection } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('nextSelection', () => {
  it('toggles a single item on a plain click', () => {
    expect([...nextSelection(new Set(), order, null, 'b', false)]).toEqual(['b']);
    expect([...nextSelection(new Set(['b']), order, 'b', 'b', false)]).toEqual([]);
  });
  it('selects the range between the anchor and the target on shift-click, in both directions', () => {
    expect([...nextSelection(new Set(['b']), order, 'b', 'd', true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...nextSelection(new Set(['d']), order, 'd', 'a', true)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
  it('clears the range when the target was selected', () => {
    expect([...nextSelection(new Set(order), order, 'b', 'd', true)].sort()).toEqual(['a', 'e']);
  });
  it('falls back to a toggle when the anchor is gone', () => {
    expect([...nextSelection(new Set(), order, 'zz', 'c', true)]).toEqual(['c']);
  });
});
