import { useT } from '../i18n';
import { TARGET_LUFS, TRUE_PEAK_CEILING_DB } from '../lib/loudness';
import { usePlayer, usePlayerState } from '../player/player-context';

const db = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(1)}`;

/** The volume slider: a native range input, so arrows, Page Up/Down, Home and End work. */
export function VolumeControl() {
  const t = useT();
  const player = usePlayer();
  const volume = usePlayerState((s) => s.loudness.volume);
  const percent = Math.round(volume * 100);
  return (
    <label className="volume">
      <span className="volume__label small muted">{t('player.volume')}</span>
      <input
        type="range"
        min={0}
        max={100}
        step={5}
        value={percent}
        aria-valuetext={t('player.volumeValue', { percent })}
        onChange={(e) => player.setVolume(Number(e.target.value) / 100)}
      />
    </label>
  );
}

/**
 * Loudness matching: on/off, what it does to this set, and why it cannot raise a quiet set here
 * when that is so. `bound`: this track is the one in the player (only then are figures shown).
 */
export function PlayerSettings({ bound }: { bound: boolean }) {
  const t = useT();
  const player = usePlayer();
  const loudness = usePlayerState((s) => s.loudness);
  const { applied } = loudness;
  const reason =
    loudness.boost === 'no-cors'
      ? t('player.loudnessNoCors')
      : loudness.boost === 'no-web-audio'
        ? t('player.loudnessNoWebAudio')
        : null;

  return (
    <details className="player-settings">
      <summary>{t('player.settings')}</summary>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={loudness.enabled}
          onChange={(e) => player.setLoudnessMatching(e.target.checked)}
        />
        <span>{t('player.loudnessMatch', { target: db(TARGET_LUFS).replace('±', '') })}</span>
      </label>
      <p className="muted small">{t('player.loudnessHint', { ceiling: db(TRUE_PEAK_CEILING_DB) })}</p>
      {bound && loudness.enabled && loudness.lufs !== null && (
        <p className="small" role="status">
          {t('player.loudnessApplied', { lufs: db(loudness.lufs), gain: db(applied.gainDb) })}
          {applied.limit === 'peak' &&
            ` ${t('player.loudnessPeakLimited', { wanted: db(applied.wantedDb) })}`}
          {applied.limit === 'no-peak' && ` ${t('player.loudnessNoPeak')}`}
        </p>
      )}
      {reason && <p className="muted small">{reason}</p>}
    </details>
  );
}
