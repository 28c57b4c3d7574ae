import { describe, expect, it } from 'vitest';
import { listState } from './list-state';

describe('listState', () => {
  it('is loading until the first answer', () => {
    expect(listState({ isPending: true, error: null, data: undefined })).toEqual({ kind: 'loading' });
  });

  it('shows the error of a failed load', () => {
    const error = new Error('offline');
    expect(listState({ isPending: false, error, data: undefined })).toEqual({ kind: 'error', error });
  });

  it('shows the error of a failed refresh over the rows it had', () => {
    const error = new Error('offline');
    expect(listState({ isPending: false, error, data: ['a'] })).toEqual({ kind: 'error', error });
  });

  it('is empty without rows', () => {
    expect(listState({ isPending: false, error: null, data: [] })).toEqual({ kind: 'empty' });
  });

  it('gives the rows in their order', () => {
    expect(listState({ isPending: false, error: null, data: ['b', 'a'] })).toEqual({
      kind: 'items',
      items: ['b', 'a'],
    });
  });
});
