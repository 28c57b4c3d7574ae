import Uppy, { type UppyFile } from '@uppy/core';
import { describe, expect, it } from 'vitest';
import { resumeAfterReload } from './resume-after-reload';

type Meta = Record<string, never>;
type Body = Record<string, never>;

/**
 * An Uppy as Golden Retriever leaves it after a reload: two files that had started uploading in
 * one upload, `kept.jpg` with its bytes, `lost.jpg` as a ghost (its bytes were not kept).
 * The uploader only records which files it is asked to send.
 */
function restoredSession() {
  const uppy = new Uppy<Meta, Body>({ id: 'restore-test' });
  const sent: string[][] = [];
  uppy.addUploader(async (fileIDs) => {
    sent.push(fileIDs);
  });
  resumeAfterReload(uppy);
  const kept = uppy.addFile({ name: 'kept.jpg', type: 'image/jpeg', data: new Blob(['kept bytes']) });
  const lost = uppy.addFile({ name: 'lost.jpg', type: 'image/jpeg', data: new Blob(['lost bytes']) });
  const started = (file: UppyFile<Meta, Body>): UppyFile<Meta, Body> => ({
    ...file,
    isRestored: true,
    progress: { ...file.progress, uploadStarted: 1, uploadComplete: false, bytesUploaded: 4 },
  });
  const { files } = uppy.getState();
  uppy.setState({
    files: {
      [kept]: started(files[kept] as UppyFile<Meta, Body>),
      [lost]: { ...started(files[lost] as UppyFile<Meta, Body>), isGhost: true, data: undefined as never },
    },
    currentUploads: { before: { fileIDs: [kept, lost], step: 0, result: {} } },
    recoveredState: { files: {}, currentUploads: {} },
  });
  const confirmed: string[][] = [];
  uppy.on('restore-confirmed', () => {
    confirmed.push(uppy.getState().currentUploads.before?.fileIDs ?? []);
  });
  return { uppy, kept, lost, sent, confirmed };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('resumeAfterReload', () => {
  it('resumes the files whose bytes were kept at once, without waiting for a ghost', async () => {
    const { uppy, kept, confirmed } = restoredSession();
    uppy.emit('restored', {});
    await settle();
    // Golden Retriever runs exactly these restored uploads on `restore-confirmed`.
    expect(confirmed).toEqual([[kept]]);
  });

  it('sends a ghost as soon as it is picked again, though it had started before the reload', async () => {
    const { uppy, lost, sent } = restoredSession();
    uppy.emit('restored', {});
    await settle();
    uppy.addFile({ name: 'lost.jpg', type: 'image/jpeg', data: new Blob(['lost bytes']) });
    await settle();
    expect(uppy.getFile(lost).isGhost).toBe(false);
    expect(sent).toContainEqual([lost]);
  });

  it('leaves a session alone that Golden Retriever did not restore', async () => {
    const { uppy, confirmed } = restoredSession();
    uppy.setState({ recoveredState: null });
    uppy.emit('restored', {});
    await settle();
    expect(confirmed).toEqual([]);
  });
});
