import { initI18n } from '@party/ui';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCatalogues } from '../../i18n';
import { isMissing, missingFields, needsFormAlert, submitLabel } from './form-logic';

describe('submitLabel', () => {
  beforeAll(() => {
    initI18n(adminCatalogues);
  });
  it.each([
    ['create', false, 'Create event'],
    ['create', true, 'Creating…'],
    ['edit', false, 'Save changes'],
    ['edit', true, 'Saving…'],
  ] as const)('%s, pending %s: %s', (mode, pending, label) => {
    expect(submitLabel(mode, pending, 'Create event')).toBe(label);
  });
});

describe('needsFormAlert', () => {
  it('says nothing without an error', () => {
    expect(needsFormAlert(null, {})).toBe(false);
    expect(needsFormAlert(undefined, { title: 'Give it a title.' })).toBe(false);
  });

  it('shows an error no field shows', () => {
    expect(needsFormAlert(new Error('offline'), {})).toBe(true);
    expect(needsFormAlert(new Error('offline'), { title: undefined, slug: '' })).toBe(true);
  });

  it('leaves an error to the field that shows it', () => {
    expect(needsFormAlert(new Error('taken'), { slug: 'That address is taken.' })).toBe(false);
  });
});

describe('isMissing', () => {
  it.each([
    ['NOT_FOUND', true],
    ['BAD_REQUEST', true],
    ['INTERNAL_SERVER_ERROR', false],
    ['UNAUTHORIZED', false],
    [undefined, false],
  ] as const)('%s: %s', (code, missing) => {
    expect(isMissing(code)).toBe(missing);
  });
});

describe('missingFields', () => {
  it('names each required field left empty or blank, and nothing else', () => {
    const required = { title: 'Enter a title.', eventDate: 'Pick a date.' };
    expect(missingFields({ title: ' ', eventDate: '', venue: '' }, required)).toEqual(required);
    expect(missingFields({ title: 'Night', eventDate: '2026-11-20', venue: '' }, required)).toEqual({});
  });
});
