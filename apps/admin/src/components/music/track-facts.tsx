import { formatBytes } from '@party/ui';
import type { ReactNode } from 'react';
import {
  formatAudioFormat,
  formatChannels,
  formatDuration,
  formatLoudness,
  formatSampleRate,
} from '../../lib/music-format';
import type { AdminTrack } from './types';

const TIER_LABEL: Record<string, string> = {
  high: 'High',
  medium: 'Medium (default stream)',
  flac: 'FLAC copy for download',
};
const TIER_ORDER = ['high', 'medium', 'flac'];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What processing found out about the original, and the renditions made from it. */
export function TrackFacts({ track }: { track: AdminTrack }) {
  const format = formatAudioFormat(track.codec, track.container);
  const resolution = [
    track.sampleRate ? formatSampleRate(track.sampleRate) : null,
    track.bitDepth ? `${track.bitDepth}-bit` : null,
    track.channels ? formatChannels(track.channels) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const renditions = [...track.renditions].sort(
    (a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier),
  );

  return (
    <dl className="facts">
      <Fact label="Original">
        <span className="facts__name" title={track.originalName}>
          {track.originalName}
        </span>{' '}
        <span className="muted">· {formatBytes(track.bytes)}</span>
      </Fact>
      {format && (
        <Fact label="Format">
          {format}{' '}
          {track.lossless != null && (
            <span className={`badge ${track.lossless ? 'badge--lossless' : ''}`}>
              {track.lossless ? 'Lossless' : 'Lossy'}
            </span>
          )}
        </Fact>
      )}
      {resolution && <Fact label="Sample rate">{resolution}</Fact>}
      {track.durationSeconds != null && (
        <Fact label="Duration">
          <span className="tabular">{formatDuration(track.durationSeconds)}</span>
        </Fact>
      )}
      {track.bitrate != null && track.bitrate > 0 && (
        <Fact label="Bitrate">{Math.round(track.bitrate / 1000).toLocaleString()} kbps</Fact>
      )}
      {track.loudnessLufs != null && (
        <Fact label="Loudness">
          <span className="tabular">{formatLoudness(track.loudnessLufs)}</span>{' '}
          <span className="muted small">integrated</span>
        </Fact>
      )}
      {track.status === 'ready' && (
        <div className="facts__item facts__item--wide">
          <dt>Renditions</dt>
          <dd>
            {renditions.length > 0 && (
              <ul className="renditions" aria-label={`Renditions of ${track.title || track.originalName}`}>
                {renditions.map((rendition) => (
                  <li key={rendition.tier}>
                    <span className="renditions__tier">{TIER_LABEL[rendition.tier] ?? rendition.tier}</span>
                    <span>
                      {rendition.codec.toUpperCase()}
                      {rendition.bitrateKbps ? ` ${rendition.bitrateKbps} kbps` : ''}
                    </span>
                    <span className="muted tabular">{formatBytes(rendition.bytes)}</span>
                  </li>
                ))}
              </ul>
            )}
            {track.streamOriginal && (
              <p className="muted small renditions__note">
                Members stream the original itself: it is lossy at or below the lowest tier, so re-encoding
                would only lose quality.
              </p>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}
