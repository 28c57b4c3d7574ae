import { describe, expect, it } from 'vitest';
import { movedBy, movedTo } from './photo-order';

const order = ['a', 'b', 'c', 'd'];

describe('photo order', () => {
  it('moves one step earlier or later and stays put at either end', () => {
    expect(movedBy(order, 'c', -1)).toEqual(['a', 'c', 'b', 'd']);
    expect(movedBy(order, 'b', 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(movedBy(order, 'a', -1)).toEqual(order);
    expect(movedBy(order, 'd', 1)).toEqual(order);
  });
  it('drops a photo at a position, clamped to the list', () => {
    expect(movedTo(order, 'd', 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(movedTo(order, 'a', 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(movedTo(order, 'b', 99)).toEqual(['a', 'c', 'd', 'b']);
  });
  it('leaves the order alone for an unknown photo', () => {
    expect(movedTo(order, 'x', 0)).toEqual(order);
    expect(movedBy(order, 'x', 1)).toEqual(order);
  });
});
