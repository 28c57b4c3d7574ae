import { Alert, errorText, trpc } from '@party/ui';
import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { useT } from '../../i18n';
import { CUE_FILE_MAX_BYTES, decodeCueBytes } from '../../lib/cue-file';
import { formatDuration, formatTracklist } from '../../lib/music-format';
import type { AdminTrack } from './types';

const EXAMPLE = '0:00:00 Artist - Title\n0:04:30 Another Artist - Another Title\n1:02:03 …';

/**
 * The tracklist of one track as pasted lines (`00:00 Artist - Title`, `1:02:03 …`), or a `.cue`
 * sheet pasted or imported from a file (it lands in the text, to check before saving). The server
 * saves nothing while any line cannot be read and names each such line; they are listed beside
 * the text with their line number and the reason, so the admin fixes them and saves again.
 */
export function TracklistEditor({ setId, track }: { setId: string; track: AdminTrack }) {
  const t = useT();
  const id = useId();
  const utils = trpc.useUtils();
  // Untouched, the text follows the saved cues (another admin's save, or ours coming back).
  const [draft, setDraft] = useState<string | null>(null);
  const [imported, setImported] = useState<{ name: string } | { error: string } | null>(null);
  const saved = formatTracklist(track.cues);
  const text = draft ?? saved;
  const save = trpc.admin.tracks.setTracklist.useMutation({
    onSuccess: async (result) => {
      if (!result.saved) return;
      await utils.admin.musicSets.byId.invalidate({ id: setId });
      setDraft(null);
    },
  });
  const problems = save.data && !save.data.saved ? save.data.problems : [];
  const name = track.title || track.originalName;

  const importCue = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > CUE_FILE_MAX_BYTES) {
      setImported({ error: t('tracks.editor.cueTooLarge', { name: file.name }) });
      return;
    }
    try {
      setDraft(decodeCueBytes(new Uint8Array(await file.arrayBuffer())));
      setImported({ name: file.name });
      save.reset();
    } catch {
      setImported({ error: t('tracks.editor.cueUnreadable', { name: file.name }) });
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate({ trackId: track.id, text });
  };

  return (
    <form className="tracklist" onSubmit={submit} noValidate>
      <div className={problems.length > 0 ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-text`}>{t('tracks.editor.label', { name })}</label>
        <textarea
          id={`${id}-text`}
          className="tracklist__text"
          rows={Math.min(16, Math.max(5, text.split('\n').length + 1))}
          value={text}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={EXAMPLE}
          spellCheck={false}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={`${id}-hint${problems.length > 0 ? ` ${id}-problems` : ''}`}
        />
        <small id={`${id}-hint`} className="field__hint">
          {t('tracks.editor.hintBefore')}
          <span className="mono">4:30</span>
          {t('tracks.editor.hintOr')}
          <span className="mono">1:02:03</span>
          {t('tracks.editor.hintThen')}
          <span className="mono">{t('tracks.editor.artistTitle')}</span>
          {t('tracks.editor.hintAfter')} {t('tracks.editor.cueHint')}
        </small>
      </div>

      <div className="tracklist__import">
        <label className="button button--ghost button--small">
          {t('tracks.editor.importCue')}
          <input
            type="file"
            accept=".cue,application/x-cue,text/plain"
            className="visually-hidden"
            onChange={(e) => void importCue(e)}
          />
        </label>
        <span className="muted small" role="status">
          {imported && 'name' in imported && draft !== null
            ? t('tracks.editor.cueImported', { name: imported.name })
            : ''}
        </span>
      </div>
      {imported && 'error' in imported && <Alert>{imported.error}</Alert>}

      <div aria-live="polite" className="tracklist__feedback">
        {problems.length > 0 && (
          <div id={`${id}-problems`} className="problems" role="alert">
            <p className="problems__title">{t('tracks.editor.nothingSaved', { count: problems.length })}</p>
            <ul className="problems__list">
              {problems.map((problem) => (
                <li key={problem.line}>
                  <span className="problems__line">{t('tracks.editor.line', { line: problem.line })}</span>{' '}
                  <span className="mono problems__text">{problem.text}</span>
                  <span className="problems__reason">{problem.reason}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {save.error && <Alert>{errorText(save.error)}</Alert>}
        {save.data?.saved && draft === null && (
          <Alert tone="success">
            {save.data.cues.length === 0
              ? t('tracks.editor.cleared')
              : t('tracks.editor.saved', { cues: t('tracks.cues', { count: save.data.cues.length }) })}
          </Alert>
        )}
      </div>

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('tracks.editor.saving') : t('tracks.editor.save')}
        </button>
        {draft !== null && draft !== saved && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setDraft(null);
              setImported(null);
              save.reset();
            }}
          >
            {t('tracks.editor.discard')}
          </button>
        )}
      </div>

      {track.cues.length > 0 && (
        <ol className="cues" aria-label={t('tracks.editor.savedCues', { name })}>
          {track.cues.map((cue) => (
            <li key={cue.id}>
              <span className="cues__time mono">{formatDuration(cue.startSeconds)}</span>
              <span className="cues__artist">{cue.artist ?? ''}</span>
              <span className="cues__title">{cue.title}</span>
            </li>
          ))}
        </ol>
      )}
    </form>
  );
}
