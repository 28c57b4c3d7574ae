import { describe, expect, expectTypeOf, it } from 'vitest';
import { routeTable } from './routes';

const match = routeTable({ list: '/things', thing: '/things/:id', pair: '/pairs/:a/:b' });

describe('routeTable', () => {
  it('matches whole paths, with or without a trailing slash', () => {
    expect(match('/things')).toEqual({ page: 'list', params: {} });
    expect(match('/things/')).toEqual({ page: 'list', params: {} });
    expect(match('/things/42/')).toEqual({ page: 'thing', params: { id: '42' } });
  });

  it('never matches a prefix: longer names and deeper paths are not found', () => {
    for (const path of ['/thingsx', '/things/42/more', '/pairs/1', '/', '', '/other']) {
      expect(match(path)).toEqual({ page: 'not-found', params: {} });
    }
  });

  it('gives the parameters of the page that matched, typed by its pattern', () => {
    const at = match('/pairs/left/right');
    expect(at).toEqual({ page: 'pair', params: { a: 'left', b: 'right' } });
    if (at.page === 'pair') expectTypeOf(at.params).toEqualTypeOf<{ a: string } & { b: string }>();
    if (at.page === 'thing') expectTypeOf(at.params).toEqualTypeOf<{ id: string }>();
  });
});
