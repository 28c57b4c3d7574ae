import { initI18n } from '@party/ui';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCatalogues } from '../i18n';
import { coverStatus, type LocalCoverUpload, uploadFailureText } from './cover-status';

const server = { coverUrl: null, coverUploadId: null, coverFailureReason: null };
const local = (overrides: Partial<LocalCoverUpload> = {}): LocalCoverUpload => ({
  name: 'sleeve.jpg',
  percent: 40,
  complete: false,
  ghost: false,
  failed: null,
  ...overrides,
});

beforeAll(() => {
  initI18n(adminCatalogues);
});

describe('coverStatus', () => {
  it('shows the upload in this browser first, then what the server reports', () => {
    expect(coverStatus(null, server)).toEqual({ state: 'idle' });
    expect(coverStatus(local(), server)).toEqual({ state: 'uploading', name: 'sleeve.jpg', percent: 40 });
    expect(coverStatus(local({ complete: true, percent: 100 }), server)).toEqual({ state: 'processing' });
    expect(coverStatus(null, { ...server, coverUploadId: 'originals/x' })).toEqual({ state: 'processing' });
    expect(coverStatus(local({ ghost: true }), server)).toEqual({ state: 'interrupted', name: 'sleeve.jpg' });
    expect(coverStatus(null, { ...server, coverFailureReason: 'This file is not a photo.' })).toEqual({
      state: 'failed',
      reason: 'This file is not a photo.',
    });
    // A new upload under way hides the reason the previous one failed.
    expect(coverStatus(local(), { ...server, coverFailureReason: 'Old news.' })).toMatchObject({
      state: 'uploading',
    });
  });

  it('says why an upload was refused, in the server’s words when it gave some', () => {
    const refused = local({ failed: { status: 415, responseText: '"a.bmp" is not an image.' } });
    expect(coverStatus(refused, server)).toEqual({
      state: 'refused',
      name: 'sleeve.jpg',
      message: '"a.bmp" is not an image.',
    });
  });
});

describe('uploadFailureText', () => {
  it('passes on short refusals of the server and words network trouble itself', () => {
    expect(uploadFailureText({ status: 413, responseText: ' Too big. \n' })).toBe('Too big.');
    const network = /did not get through/;
    expect(uploadFailureText({ status: null, responseText: null })).toMatch(network);
    expect(uploadFailureText({ status: 502, responseText: '<html>Bad gateway</html>' })).toMatch(network);
    expect(uploadFailureText({ status: 400, responseText: 'x'.repeat(600) })).toMatch(network);
    expect(uploadFailureText({ status: 403, responseText: '' })).toMatch(network);
  });
});
