import { errorText, formatBytes, formatCount, trpc } from '@party/ui';
import { useT } from '../i18n';
import { codecName } from '../lib/codec-name';
import type { SetTrack } from '../player/player-controller';
import { useShareAccess } from '../share/share-access';

/**
 * The original as uploaded (and the FLAC copy made of WAV/AIFF originals). Each click asks for a
 * fresh presigned URL whose response is an attachment with a proper file name, so the browser
 * saves the file and the page, and the music, stay where they are.
 */
export function TrackDownloads({ track, label }: { track: SetTrack; label?: string }) {
  const t = useT();
  const share = useShareAccess();
  const save = { onSuccess: ({ url }: { url: string }) => window.location.assign(url) };
  const memberDownload = trpc.tracks.downloadUrl.useMutation(save);
  // A guest of a share link asks with the link's token instead of a session.
  const guestDownload = trpc.share.trackDownload.useMutation(save);
  const download = share ? guestDownload : memberDownload;
  const pending = download.isPending ? download.variables?.kind : undefined;
  const start = (kind: 'original' | 'flac') => {
    if (download.isPending) return;
    if (share) guestDownload.mutate({ token: share.token, access: share.access, trackId: track.id, kind });
    else memberDownload.mutate({ trackId: track.id, kind });
  };
  const { original, flac } = track.downloads;
  const codec = original.codec ? codecName(original.codec) : t('set.originalFile');
  const quality =
    track.lossless && track.sampleRate
      ? ` · ${formatCount(track.sampleRate / 1000)} kHz${track.bitDepth ? ` / ${t('set.bits', { bits: track.bitDepth })}` : ''}`
      : '';
  return (
    <div className="downloads">
      {label && <span className="downloads__label">{label}</span>}
      <button
        type="button"
        className="button button--small"
        aria-disabled={download.isPending}
        onClick={() => start('original')}
      >
        {pending === 'original' ? t('set.preparing') : t('set.original', { codec })}
        <span className="downloads__size">
          {original.bytes ? formatBytes(original.bytes) : ''}
          {quality}
        </span>
      </button>
      {flac !== null && (
        <button
          type="button"
          className="button button--small"
          aria-disabled={download.isPending}
          onClick={() => start('flac')}
        >
          {pending === 'flac' ? t('set.preparing') : t('set.flacCopy')}
          <span className="downloads__size">{formatBytes(flac)}</span>
        </button>
      )}
      {download.error && (
        <span className="downloads__error" role="alert">
          {errorText(download.error)}
        </span>
      )}
    </div>
  );
}
