import { Alert, errorText, fieldErrors, trpc } from '@party/ui';
import { type FormEvent, useId, useState } from 'react';
import { useT } from '../../i18n';
import { type FormFields, TextField } from '../shared/form';
import { needsFormAlert } from '../shared/form-logic';
import type { AdminTrack } from './types';

interface TrackNames {
  title: string;
  artist: string;
}

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
  const t = useT();
  const id = useId();
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState<TrackNames | null>(null);
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

  const form: FormFields<TrackNames> = {
    values,
    errors,
    id: (name) => `${id}-${name}`,
    set: (name, value) => {
      update.reset();
      setDraft({ ...values, [name]: value });
    },
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Empty means "not set": processing may still fill it in from the tags.
    update.mutate({ id: track.id, title: values.title.trim() || null, artist: values.artist.trim() || null });
  };

  return (
    <form className="track-names" onSubmit={submit} noValidate>
      <TextField
        form={form}
        name="title"
        label={t('tracks.names.title')}
        maxLength={300}
        placeholder={track.status === 'processing' ? t('tracks.names.fromTags') : track.originalName}
      />
      <TextField
        form={form}
        name="artist"
        label={t('tracks.names.artist')}
        maxLength={300}
        placeholder={track.status === 'processing' ? t('tracks.names.fromTags') : setArtist}
      />
      <div className="track-names__actions">
        <button type="submit" className="button button--small" disabled={!dirty || update.isPending}>
          {update.isPending ? t('tracks.names.saving') : t('tracks.names.save')}
        </button>
        <span aria-live="polite" className="small">
          {update.isSuccess && !dirty && <span className="ok-text">{t('tracks.names.saved')}</span>}
        </span>
      </div>
      {needsFormAlert(update.error, errors) && <Alert>{errorText(update.error)}</Alert>}
    </form>
  );
}
