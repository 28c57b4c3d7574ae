import { Alert, errorText, trpc } from '@party/ui';
import type { UppyFile } from '@uppy/core';
import type { TusBody } from '@uppy/tus';
import { type ChangeEvent, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useT } from '../../i18n';
import { type CoverStatus, coverStatus, type LocalCoverUpload } from '../../lib/cover-status';
import {
  COVER_EXTENSIONS,
  type CoverUploader,
  type CoverUploadMeta,
  coverUploaderFor,
} from '../../uploads/cover-uploader';
import { ConfirmRow } from '../shared/confirm';
import type { AdminMusicSet } from './types';

type CoverFile = UppyFile<CoverUploadMeta, TusBody>;

/** The file in the uploader (there is at most one), re-rendering only when it changes. */
function useCoverFile(uppy: CoverUploader): CoverFile | undefined {
  return useSyncExternalStore(
    (onChange) => uppy.store.subscribe(onChange),
    () => Object.values(uppy.getState().files)[0],
  );
}

function localUpload(file: CoverFile): LocalCoverUpload {
  const response = file.response;
  return {
    name: file.name ?? 'cover',
    percent: file.progress.percentage ?? 0,
    complete: file.progress.uploadComplete === true,
    ghost: file.isGhost === true,
    failed: file.error
      ? {
          status: response?.status ?? null,
          responseText: response?.body?.xhr?.responseText ?? null,
        }
      : null,
  };
}

function initials(artist: string, title: string): string {
  const letters = artist
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return letters || title.slice(0, 1).toUpperCase();
}

function StatusLine({ status, id }: { status: CoverStatus; id: string }) {
  const t = useT();
  switch (status.state) {
    case 'uploading':
      return (
        <div className="set-cover__progress">
          <progress className="progress" value={status.percent} max={100} aria-labelledby={id}>
            {Math.round(status.percent)}%
          </progress>
          <span id={id} className="small" aria-live="polite">
            {t('cover.uploading', { name: status.name })}
            <span className="tabular">{Math.round(status.percent)}%</span>
          </span>
        </div>
      );
    case 'processing':
      return (
        <p className="small set-cover__note" role="status">
          <span className="badge badge--processing">{t('cover.processing')}</span>
          {t('cover.making')}
        </p>
      );
    case 'interrupted':
      return <Alert tone="info">{t('cover.interrupted', { name: status.name })}</Alert>;
    case 'refused':
      return (
        <Alert>
          <strong>{t('cover.notUploaded', { name: status.name })}</strong> {status.message}
        </Alert>
      );
    case 'failed':
      return (
        <Alert>
          <strong>{t('cover.unusable')}</strong> {status.reason}
          {t('cover.unchanged')}
        </Alert>
      );
    case 'idle':
      return null;
  }
}

/**
 * The set's cover: what members see next to the set, an image the admin picks (uploaded through tus
 * like every file, turned into a 600 px square by the worker), or the DJ's initials without one.
 * Replaces any cover, also one taken from a track's embedded art; later tracks never replace it.
 */
export function SetCoverPanel({ set }: { set: AdminMusicSet }) {
  const t = useT();
  const id = useId();
  const uppy = coverUploaderFor(set.id);
  const utils = trpc.useUtils();
  const inputRef = useRef<HTMLInputElement>(null);
  const chooseRef = useRef<HTMLButtonElement>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The confirmation replaces the buttons: once it closes, focus goes back to "Choose cover…".
  const [refocus, setRefocus] = useState(false);
  const file = useCoverFile(uppy);
  const status = coverStatus(file ? localUpload(file) : null, set);

  // A finished upload is the server's business: fetch the set (the cover shows as processing and the
  // page polls until it is ready), then let go of the file so the same one can be picked again.
  useEffect(() => {
    const finished = (done: CoverFile | undefined) => {
      if (!done) return;
      void utils.admin.musicSets.byId.invalidate({ id: set.id }).finally(() => uppy.removeFile(done.id));
    };
    uppy.on('upload-success', finished);
    // One that finished while this page was not shown: the server knows about it already.
    for (const done of Object.values(uppy.getState().files)) {
      if (done.progress.uploadComplete && !done.error) uppy.removeFile(done.id);
    }
    return () => {
      uppy.off('upload-success', finished);
    };
  }, [uppy, set.id, utils]);

  useEffect(() => {
    if (!refocus || confirming) return;
    chooseRef.current?.focus();
    setRefocus(false);
  }, [refocus, confirming]);

  const remove = trpc.admin.musicSets.removeCover.useMutation({
    onSuccess: () => utils.admin.musicSets.byId.invalidate({ id: set.id }),
    onSettled: () => {
      setConfirming(false);
      setRefocus(true);
    },
  });

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    // Cleared so that picking the same file again (after a refusal) is a change too.
    event.target.value = '';
    if (!picked) return;
    setPickError(null);
    remove.reset();
    // The latest choice is the cover: one still uploading (or refused) gives way to it.
    uppy.cancelAll();
    try {
      uppy.addFile(picked);
    } catch (error) {
      // Uppy's own check of type and size, before a byte is sent; its message names the limit.
      setPickError(error instanceof Error ? error.message : String(error));
    }
  };

  // Removing while a new cover is on its way would only be undone by it.
  const busy = status.state === 'uploading' || status.state === 'processing';
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('cover.title')}</h2>
      <div className="set-cover">
        {set.coverUrl ? (
          <img
            className="set-cover__image"
            src={set.coverUrl}
            alt={t('cover.alt', { title: set.title })}
            width={160}
            height={160}
          />
        ) : (
          <div
            className="set-cover__image set-cover__image--placeholder"
            role="img"
            aria-label={t('cover.none')}
          >
            <span aria-hidden="true">{initials(set.artist, set.title)}</span>
          </div>
        )}
        <div className="set-cover__body">
          <p className="muted small">{t('cover.intro')}</p>
          <StatusLine status={status} id={`${id}-progress`} />
          {pickError && (
            <Alert>
              <strong>{t('cover.cannotBe')}</strong> {pickError}
            </Alert>
          )}
          {remove.error && <Alert>{errorText(remove.error)}</Alert>}
          <input
            ref={inputRef}
            type="file"
            className="visually-hidden"
            accept={COVER_EXTENSIONS.join(',')}
            onChange={onPick}
            tabIndex={-1}
            aria-hidden="true"
          />
          {confirming ? (
            <ConfirmRow
              small
              question={t('cover.removeQuestion')}
              confirmLabel={t('cover.yesRemove')}
              pendingLabel={t('cover.removing')}
              pending={remove.isPending}
              onConfirm={() => remove.mutate({ id: set.id })}
              onCancel={() => {
                setConfirming(false);
                setRefocus(true);
              }}
            />
          ) : (
            <div className="set-cover__actions">
              <button
                ref={chooseRef}
                type="button"
                className="button"
                onClick={() => inputRef.current?.click()}
              >
                {t('cover.choose')}
              </button>
              {set.coverUrl && (
                <button
                  type="button"
                  className="button button--danger"
                  disabled={busy}
                  onClick={() => setConfirming(true)}
                >
                  {t('cover.remove')}
                </button>
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
