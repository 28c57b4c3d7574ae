import { formatBytes, formatCount } from '@party/ui';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import {
  formatAudioFormat,
  formatChannels,
  formatDuration,
  formatLoudness,
  formatSampleRate,
} from '../../lib/music-format';
import type { AdminTrack } from './types';

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
  const t = useT();
  const tierLabel = (tier: string) =>
    tier === 'high' || tier === 'medium' || tier === 'flac' ? t(`tracks.facts.tier.${tier}`) : tier;
  const format = formatAudioFormat(track.codec, track.container);
  const resolution = [
    track.sampleRate ? formatSampleRate(track.sampleRate) : null,
    track.bitDepth ? t('tracks.facts.bitDepth', { bits: track.bitDepth }) : null,
    track.channels ? formatChannels(track.channels) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const renditions = [...track.renditions].sort(
    (a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier),
  );

  return (
    <dl className="facts">
      <Fact label={t('tracks.facts.original')}>
        <span className="facts__name" title={track.originalName}>
          {track.originalName}
        </span>{' '}
        <span className="muted">· {formatBytes(track.bytes)}</span>
      </Fact>
      {format && (
        <Fact label={t('tracks.facts.format')}>
          {format}{' '}
          {track.lossless != null && (
            <span className={`badge ${track.lossless ? 'badge--lossless' : ''}`}>
              {track.lossless ? t('tracks.facts.lossless') : t('tracks.facts.lossy')}
            </span>
          )}
        </Fact>
      )}
      {resolution && <Fact label={t('tracks.facts.sampleRate')}>{resolution}</Fact>}
      {track.durationSeconds != null && (
        <Fact label={t('tracks.facts.duration')}>
          <span className="tabular">{formatDuration(track.durationSeconds)}</span>
        </Fact>
      )}
      {track.bitrate != null && track.bitrate > 0 && (
        <Fact label={t('tracks.facts.bitrate')}>{formatCount(Math.round(track.bitrate / 1000))} kbps</Fact>
      )}
      {track.loudnessLufs != null && (
        <Fact label={t('tracks.facts.loudness')}>
          <span className="tabular">{formatLoudness(track.loudnessLufs)}</span>{' '}
          <span className="muted small">{t('tracks.facts.integrated')}</span>
        </Fact>
      )}
      {track.status === 'ready' && (
        <div className="facts__item facts__item--wide">
          <dt>{t('tracks.facts.renditions')}</dt>
          <dd>
            {renditions.length > 0 && (
              <ul
                className="renditions"
                aria-label={t('tracks.facts.renditionsOf', { name: track.title || track.originalName })}
              >
                {renditions.map((rendition) => (
                  <li key={rendition.tier}>
                    <span className="renditions__tier">{tierLabel(rendition.tier)}</span>
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
              <p className="muted small renditions__note">{t('tracks.facts.streamOriginal')}</p>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}
