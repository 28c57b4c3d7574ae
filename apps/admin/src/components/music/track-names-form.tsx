import { Alert, errorText, fieldErrors, trpc } from '@party/ui';
import { type FormEvent, useId, useState } from 'react';
import type { AdminTrack } from './types';

/**
 * Title and artist of a track. Processing fills them in from the file's tags unless an admin set
 * them first; untouched, the inputs follow what the server has, so the tags appear when it is done.
 */
export function TrackNamesForm({
  setId,
  track,
  setArtist,
}: {
  setId: string;
  track: AdminTrack;
  setArtist: string;
}) {
  const id = useId();
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState<{ title: string; artist: string } | null>(null);
  const values = draft ?? { title: track.title ?? '', artist: track.artist ?? '' };
  const update = trpc.admin.tracks.update.useMutation({
    onSuccess: async () => {
      await utils.admin.musicSets.byId.invalidate({ id: setId });
      setDraft(null);
    },
  });
  const errors = fieldErrors(update.error);
  const dirty =
    draft !== null && (draft.title !== (track.title ?? '') || draft.artist !== (track.artist ?? ''));

  const change = (field: 'title' | 'artist', value: string) => {
    update.reset();
    setDraft({ ...values, [field]: value });
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Empty means "not set": processing may still fill it in from the tags.
    update.mutate({ id: track.id, title: values.title.trim() || null, artist: values.artist.trim() || null });
  };

  return (
    <form className="track-names" onSubmit={submit} noValidate>
      <div className={errors.title ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-title`}>Track title</label>
        <input
          id={`${id}-title`}
          value={values.title}
          onChange={(e) => change('title', e.target.value)}
          maxLength={300}
          placeholder={track.status === 'processing' ? 'from the file’s tags' : track.originalName}
        />
        {errors.title && <small className="field__error">{errors.title}</small>}
      </div>
      <div className={errors.artist ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-artist`}>Track artist</label>
        <input
          id={`${id}-artist`}
          value={values.artist}
          onChange={(e) => change('artist', e.target.value)}
          maxLength={300}
          placeholder={track.status === 'processing' ? 'from the file’s tags' : setArtist}
        />
        {errors.artist && <small className="field__error">{errors.artist}</small>}
      </div>
      <div className="track-names__actions">
        <button type="submit" className="button button--small" disabled={!dirty || update.isPending}>
          {update.isPending ? 'Saving…' : 'Save names'}
        </button>
        <span aria-live="polite" className="small">
          {update.isSuccess && !dirty && <span className="ok-text">Saved.</span>}
        </span>
      </div>
      {update.error && Object.keys(errors).length === 0 && <Alert>{errorText(update.error)}</Alert>}
    </form>
  );
}
