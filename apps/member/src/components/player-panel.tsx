import { Alert, trpc } from '@party/ui';
import { useDeferredValue, useRef, useState } from 'react';
import { useElementWidth } from '../hooks/use-element-width';
import { usePlayerKeys } from '../hooks/use-player-keys';
import { useTrackComments } from '../hooks/use-track-comments';
import { useTrackPeaks } from '../hooks/use-track-peaks';
import { useT } from '../i18n';
import { cueLabel } from '../lib/cues';
import { momentOf } from '../lib/moment';
import { maxZoomFactor, ZOOM_STEPS } from '../lib/peaks';
import type { StreamTier } from '../lib/tier-preference';
import { formatClock } from '../lib/time';
import { usePlayer, usePlayerState } from '../player/player-context';
import type { QueueSet } from '../player/player-controller';
import { useShareAccess } from '../share/share-access';
import { CopyMomentLink } from './copy-moment-link';
import { PlayerSettings, VolumeControl } from './player-settings';
import { TrackComments } from './track-comments';
import { Tracklist } from './tracklist';
import { Waveform } from './waveform';

const TIER_DETAILS: Record<StreamTier, string> = {
  medium: 'MP3 192 kbps',
  high: 'MP3 320 kbps',
};

/** Seconds a saved position must be away from both ends to be worth offering. */
const RESUME_MARGIN = 10;

/**
 * The set page's player for one track of the set: waveform, transport, time, zoom, quality, the
 * tracklist beside it. It drives the app-wide player; until this track is the one loaded there,
 * it shows the track (and a saved position to resume) and any play, seek or tracklist click
 * starts it.
 */
export function PlayerPanel({ queue, index }: { queue: QueueSet; index: number }) {
  const t = useT();
  const tierName = (tier: StreamTier) => (tier === 'medium' ? t('player.medium') : t('player.high'));
  const player = usePlayer();
  const track = queue.tracks[index];
  const trackId = track?.id ?? '';
  const bound = usePlayerState((s) => s.set?.id === queue.id && s.index === index);
  const status = usePlayerState((s) => (bound ? s.status : 'idle'));
  const playing = usePlayerState((s) => bound && s.playing);
  const buffering = usePlayerState((s) => bound && s.buffering);
  const currentTime = usePlayerState((s) => (bound ? s.currentTime : 0));
  const mediaDuration = usePlayerState((s) => (bound ? s.duration : 0));
  const activeTier = usePlayerState((s) => (bound ? s.tier : null));
  const preferredTier = usePlayerState((s) => s.preferredTier);
  const error = usePlayerState((s) => (bound ? s.error : null));
  const cueIndex = usePlayerState((s) => (bound ? s.cueIndex : -1));
  const dataSaver = usePlayerState((s) => s.dataSaver);
  // Read back by the browser tests: the loudness gain actually applied to this track.
  const loudnessLufs = usePlayerState((s) => (bound ? s.loudness.lufs : null));
  const gainDb = usePlayerState((s) => (bound ? s.loudness.applied.gainDb : null));
  const gainLimit = usePlayerState((s) => (bound ? s.loudness.applied.limit : null));
  const [zoom, setZoom] = useState(1);
  const utils = trpc.useUtils();
  const share = useShareAccess();
  // Comments stay inside the community: a share-link guest neither reads nor writes them.
  const comments = useTrackComments(trackId, !share);
  const peaks = useTrackPeaks(trackId, track, zoom > 1, async () => {
    // The set's URLs live 15 minutes; a zoom long after the page opened needs fresh ones.
    const fresh = share
      ? await utils.share.set.fetch({ token: share.token, access: share.access }, { staleTime: 0 })
      : await utils.musicSets.byId.fetch({ id: queue.id }, { staleTime: 0 });
    return fresh.tracks.find((t) => t.id === trackId);
  });
  // The waveform and the transport first; the tracklist and the comments follow in a background
  // render, which React interrupts for the waveform when its peaks arrive (issue 12: a shared link
  // to a set draws its waveform sooner).
  const settled = useDeferredValue(true, false);
  const waveRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(waveRef);

  const duration = track ? mediaDuration || track.durationSeconds : 0;
  const maxZoom = maxZoomFactor(width, duration);
  const zoomBy = (direction: 1 | -1) => {
    const at = ZOOM_STEPS.indexOf(zoom as (typeof ZOOM_STEPS)[number]);
    const next = ZOOM_STEPS[Math.max(0, at + direction)] ?? zoom;
    setZoom(Math.min(next, maxZoom));
  };

  const start = (at: number) => player.open(queue, index, { at, play: true });
  const toggle = () => (bound ? player.toggle() : start(0));
  const seek = (seconds: number) => (bound ? player.seek(seconds) : start(seconds));
  /** A tracklist entry: the member wants to hear it, so a paused player starts too. */
  const playFrom = (seconds: number) => {
    if (!bound) return start(seconds);
    player.seek(seconds);
    player.play();
  };
  usePlayerKeys({
    toggle,
    skip: (seconds) => {
      if (bound) player.skip(seconds);
    },
    zoomIn: () => zoomBy(1),
    zoomOut: () => zoomBy(-1),
  });

  if (!track) return null;
  const resumeAt = track.resumeAt;
  const offerResume =
    !bound &&
    resumeAt !== null &&
    resumeAt > RESUME_MARGIN &&
    resumeAt < track.durationSeconds - RESUME_MARGIN;
  const tiers = track.tiers.filter((tier): tier is StreamTier => tier === 'medium' || tier === 'high');
  const nowCue = bound ? track.cues[cueIndex] : undefined;
  const busy = bound && (status === 'loading' || buffering) && playing;
  const chapters = track.cues.length > 0 || queue.tracks.length > 1;
  const setSeconds = momentOf(
    queue.tracks.map((t) => t.durationSeconds),
    index,
    currentTime,
  );

  return (
    <div className="player-layout">
      <section
        className="player card"
        aria-label={t('player.label')}
        data-loudness-lufs={loudnessLufs ?? undefined}
        data-loudness-gain-db={gainDb ?? undefined}
        data-loudness-limit={gainLimit ?? undefined}
      >
        <div className="player__now" aria-live="polite">
          <span className="player__now-label">{bound && nowCue ? t('player.nowPlaying') : track.title}</span>
          <span className="player__now-title">{nowCue ? cueLabel(nowCue) : track.artist}</span>
        </div>

        {offerResume && (
          <div className="resume-offer">
            <button type="button" className="button button--primary" onClick={() => start(resumeAt)}>
              {t('player.resumeAt', { time: formatClock(resumeAt) })}
            </button>
            <span className="muted small">{t('player.resumeHint')}</span>
          </div>
        )}

        <div ref={waveRef} className="player__wave">
          {peaks.isPending && track.peaksUrl ? (
            <div className="waveform-skeleton" role="status">
              <span className="visually-hidden">{t('player.loadingWaveform')}</span>
            </div>
          ) : (
            <Waveform
              peaks={peaks.data ?? null}
              duration={track.durationSeconds}
              media={bound ? player.audio : null}
              cues={track.cues}
              zoom={zoom}
              currentTime={currentTime}
              label={t('player.position', { title: track.title })}
              marks={comments.marks}
              onSeek={(seconds, source) => {
                // Bound, wavesurfer has moved the audio itself on a waveform click or drag.
                if (!bound || source !== 'click') seek(seconds);
              }}
            />
          )}
          {peaks.error && <p className="muted small">{t('player.waveformMissing')}</p>}
          {peaks.loadingDetail && (
            <p className="muted small" role="status">
              {t('player.loadingDetail')}
            </p>
          )}
        </div>

        <div className="player__controls">
          <div className="transport">
            {chapters && (
              <button
                type="button"
                className="transport__skip"
                onClick={() => player.previous()}
                disabled={!bound}
                aria-label={t('player.previousChapter')}
                title={t('player.previousChapterTitle')}
              >
                <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" fill="currentColor">
                  <rect x="2" y="3" width="2" height="10" />
                  <path d="M14 3v10L5 8z" />
                </svg>
              </button>
            )}
            <button
              type="button"
              className="transport__skip"
              onClick={() => bound && player.skip(-10)}
              disabled={!bound}
              aria-label={t('player.back10')}
              title={t('player.back10Title')}
            >
              −10
            </button>
            <button
              type="button"
              className="transport__play"
              onClick={toggle}
              aria-label={playing ? t('player.pause') : t('player.play')}
              title={playing ? t('player.pauseTitle') : t('player.playTitle')}
            >
              <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
            </button>
            <button
              type="button"
              className="transport__skip"
              onClick={() => bound && player.skip(10)}
              disabled={!bound}
              aria-label={t('player.forward10')}
              title={t('player.forward10Title')}
            >
              +10
            </button>
            {chapters && (
              <button
                type="button"
                className="transport__skip"
                onClick={() => player.next()}
                disabled={!bound}
                aria-label={t('player.nextChapter')}
                title={t('player.nextChapterTitle')}
              >
                <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" fill="currentColor">
                  <path d="M2 3v10l9-5z" />
                  <rect x="12" y="3" width="2" height="10" />
                </svg>
              </button>
            )}
          </div>

          <div className="player__time">
            <span className="player__current">{formatClock(currentTime)}</span>
            <span className="muted"> / {formatClock(duration)}</span>
            <span className="player__status muted small" role="status">
              {busy ? (status === 'loading' ? t('player.loading') : t('player.buffering')) : ''}
            </span>
          </div>

          <VolumeControl />

          <fieldset className="zoom">
            <legend className="visually-hidden">{t('player.zoom')}</legend>
            <button
              type="button"
              className="zoom__button"
              onClick={() => zoomBy(-1)}
              disabled={zoom <= 1}
              aria-label={t('player.zoomOut')}
              title={t('player.zoomOutTitle')}
            >
              −
            </button>
            <span className="zoom__level small muted" aria-live="polite">
              {zoom === 1 ? t('player.wholeSet') : `${zoom}×`}
            </span>
            <button
              type="button"
              className="zoom__button"
              onClick={() => zoomBy(1)}
              disabled={zoom >= maxZoom}
              aria-label={t('player.zoomIn')}
              title={t('player.zoomInTitle')}
            >
              +
            </button>
          </fieldset>

          {tiers.length > 1 ? (
            <fieldset className="tiers">
              <legend className="visually-hidden">{t('player.quality')}</legend>
              {(['medium', 'high'] as const)
                .filter((tier) => tiers.includes(tier))
                .map((tier) => (
                  <label key={tier} className="tiers__option">
                    <input
                      type="radio"
                      name={`tier-${track.id}`}
                      value={tier}
                      checked={preferredTier === tier}
                      onChange={() => player.setTier(tier)}
                    />
                    <span>
                      {tierName(tier)}
                      <span className="tiers__detail">{TIER_DETAILS[tier]}</span>
                    </span>
                  </label>
                ))}
            </fieldset>
          ) : (
            <span className="tiers__single small muted">
              {track.tiers[0] === 'original'
                ? t('player.streamingOriginal')
                : TIER_DETAILS[tiers[0] ?? 'medium']}
            </span>
          )}
        </div>
        {bound && activeTier && activeTier !== 'original' && activeTier !== preferredTier && (
          <p className="muted small">
            {t('player.tierMissing', { tier: tierName(preferredTier), detail: TIER_DETAILS[activeTier] })}
          </p>
        )}
        {dataSaver && tiers.length > 1 && <p className="muted small">{t('player.dataSaver')}</p>}
        <div className="player__extras">
          {bound && <CopyMomentLink seconds={setSeconds} />}
          <PlayerSettings bound={bound} />
        </div>
        {error && (
          <Alert>
            {error}{' '}
            <button type="button" className="link-button" onClick={() => player.play()}>
              {t('player.tryAgain')}
            </button>
          </Alert>
        )}
        <p className="player__keys muted small">{t('player.keys')}</p>
      </section>

      <aside className="tracklist card" aria-labelledby={`tracklist-${track.id}`}>
        <h2 id={`tracklist-${track.id}`} className="section-title">
          {t('player.tracklist')}
        </h2>
        {settled && (
          <Tracklist cues={track.cues} activeIndex={cueIndex} onSelect={playFrom} trackId={track.id} />
        )}
      </aside>
      {settled && !share && (
        <TrackComments
          trackId={track.id}
          query={comments.query}
          currentTime={currentTime}
          onSeek={playFrom}
        />
      )}
    </div>
  );
}
