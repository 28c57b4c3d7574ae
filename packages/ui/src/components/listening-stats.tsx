import { parsePeaksFile, type TrackPeaks } from '@party/media/peaks-format';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { formatLocale } from '../i18n/setup';
import { useUiT } from '../i18n/use-t';
import {
  type HeatMinute,
  heatAlongWaveform,
  heatColour,
  heatMinutes,
  heatShade,
  minuteMark,
} from '../lib/listening-heat';
import { trackPeaksKey } from '../lib/track-peaks-key';
import { errorText, type RouterOutputs } from '../trpc';
import { Alert, EmptyState, Spinner } from './feedback';

/** What `listening.setStats` and `admin.listening.setStats` answer (one function builds both). */
export type ListeningStatsData = RouterOutputs['listening']['setStats'];
type TrackStats = ListeningStatsData['tracks'][number];
type Day = ListeningStatsData['daily'][number];

export const LISTENING_RANGES = [7, 30, 90, 365] as const;
export type ListeningRange = (typeof LISTENING_RANGES)[number];

/** The parts of a react-query result the view reads, whichever procedure it came from. */
export interface ListeningStatsQuery {
  data: ListeningStatsData | undefined;
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** Columns of the waveform drawn for a track: enough for a phone and a wide screen alike. */
const WAVE_COLUMNS = 400;

/**
 * How a set is listened to, for its admins and its DJ alike: per track plays, 30-second plays,
 * listeners, how much of it people hear and downloads; plays per day as a chart; and a heatmap
 * drawn along each track's waveform (which minutes are played most, where people skip).
 * Aggregates only: nobody is named. The card around it (title, intro) belongs to each app.
 */
export function ListeningStats({
  query,
  days,
  onDaysChange,
}: {
  query: ListeningStatsQuery;
  days: ListeningRange;
  onDaysChange: (days: ListeningRange) => void;
}) {
  const t = useUiT();
  const id = useId();
  const number = new Intl.NumberFormat(formatLocale());
  const percent = new Intl.NumberFormat(formatLocale(), { style: 'percent' });
  const data = query.data;
  const nothing =
    data?.daily.every((d) => d.plays === 0 && d.downloads === 0) && data.tracks.every((x) => x.plays === 0);

  return (
    <>
      <label className="field field--inline">
        <span>{t('listening.range')}</span>
        <select value={days} onChange={(event) => onDaysChange(Number(event.target.value) as ListeningRange)}>
          {LISTENING_RANGES.map((range) => (
            <option key={range} value={range}>
              {t('listening.lastDays', { count: range })}
            </option>
          ))}
        </select>
      </label>
      {query.isPending ? (
        <Spinner label={t('listening.loading')} />
      ) : query.error ? (
        <Alert>
          {errorText(query.error)}{' '}
          <button type="button" className="button button--small" onClick={() => void query.refetch()}>
            {t('listening.retry')}
          </button>
        </Alert>
      ) : !data || nothing ? (
        <EmptyState title={t('listening.emptyTitle')}>{t('listening.emptyText')}</EmptyState>
      ) : (
        <>
          <table className="table listening-table">
            <thead>
              <tr>
                <th>{t('listening.colTrack')}</th>
                <th>{t('listening.colPlays')}</th>
                <th>{t('listening.colQualified')}</th>
                <th>{t('listening.colListeners')}</th>
                <th>{t('listening.colHeard')}</th>
                <th>{t('listening.colDownloads')}</th>
              </tr>
            </thead>
            <tbody>
              {data.tracks.map((track) => (
                <tr key={track.id}>
                  <td data-label={t('listening.colTrack')}>{track.title}</td>
                  <td data-label={t('listening.colPlays')} className="tabular">
                    {number.format(track.plays)}
                  </td>
                  <td data-label={t('listening.colQualified')} className="tabular">
                    {number.format(track.qualifiedPlays)}
                  </td>
                  <td data-label={t('listening.colListeners')} className="tabular">
                    {number.format(track.uniqueListeners)}
                  </td>
                  <td data-label={t('listening.colHeard')} className="tabular">
                    {track.averageFraction === null ? '–' : percent.format(track.averageFraction)}
                  </td>
                  <td data-label={t('listening.colDownloads')} className="tabular">
                    {t('listening.downloads', {
                      original: number.format(track.downloads.original),
                      flac: number.format(track.downloads.flac),
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('listening.listenersNote')}</p>
          <h3 id={`${id}-chart`}>{t('listening.chartTitle')}</h3>
          <DailyChart daily={data.daily} labelledBy={`${id}-chart`} />
          {data.tracks.map((track) => (
            <Heatmap key={track.id} track={track} />
          ))}
        </>
      )}
    </>
  );
}

/** Plays per day as bars, downloads as dots; every day has its figures as a tooltip and in a table for screen readers. */
function DailyChart({ daily, labelledBy }: { daily: readonly Day[]; labelledBy: string }) {
  const t = useUiT();
  const dayFormat = new Intl.DateTimeFormat(formatLocale(), {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const top = Math.max(1, ...daily.map((d) => Math.max(d.plays, d.downloads)));
  const width = 600;
  const height = 120;
  const step = width / daily.length;
  const label = (d: Day) =>
    t('listening.dayTip', {
      day: dayFormat.format(new Date(`${d.day}T00:00:00Z`)),
      plays: d.plays,
      listeners: d.uniqueListeners,
      downloads: d.downloads,
    });
  const first = daily[0];
  const last = daily.at(-1);
  return (
    <figure className="listening-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={labelledBy}
      >
        <title>{t('listening.chartTitle')}</title>
        {daily.map((d, index) => (
          <g key={d.day}>
            <rect
              x={index * step + step * 0.15}
              width={Math.max(1, step * 0.7)}
              y={height - (d.plays / top) * (height - 4)}
              height={(d.plays / top) * (height - 4)}
              className="listening-chart__bar"
            >
              <title>{label(d)}</title>
            </rect>
            {d.downloads > 0 && (
              <circle
                cx={index * step + step / 2}
                cy={height - (d.downloads / top) * (height - 4)}
                r={3}
                className="listening-chart__dot"
              >
                <title>{label(d)}</title>
              </circle>
            )}
          </g>
        ))}
      </svg>
      <figcaption className="listening-chart__axis muted small">
        <span>{first && dayFormat.format(new Date(`${first.day}T00:00:00Z`))}</span>
        <span>{t('listening.legend')}</span>
        <span>{last && dayFormat.format(new Date(`${last.day}T00:00:00Z`))}</span>
      </figcaption>
      <div className="visually-hidden">
        <table>
          <tbody>
            {daily
              .filter((d) => d.plays > 0 || d.downloads > 0)
              .map((d) => (
                <tr key={d.day}>
                  <td>{label(d)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/**
 * A track's stored overview peaks (~25 KB whatever the length) from S3 on their short-lived URL.
 * The member player's cache entry (`trackPeaksKey`): a page that has drawn the player's waveform
 * draws this one without a second download.
 */
function useOverviewPeaks(trackId: string, url: string | null) {
  return useQuery<TrackPeaks>({
    queryKey: trackPeaksKey(trackId),
    enabled: url !== null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30 * 60 * 1000,
    retry: 1,
    queryFn: async ({ signal }) => {
      if (!url) throw new Error('This track has no waveform.');
      const response = await fetch(url, { signal });
      if (!response.ok) throw new Error(`The waveform could not be loaded (${response.status}).`);
      return parsePeaksFile(await response.json());
    },
  });
}

/**
 * The heatmap along one track: its waveform, every column shaded by how much its minute was heard,
 * minutes where listening falls off marked underneath. Without the waveform (none stored, or it
 * failed to load) a bar per minute, as tall and as hot as that minute was heard, says the same.
 * Screen readers get the summary and a table of the minutes heard.
 */
function Heatmap({ track }: { track: TrackStats }) {
  const t = useUiT();
  const heat = heatMinutes(track.minutes, track.durationSeconds);
  const peaks = useOverviewPeaks(track.id, track.peaksUrl);
  const hottest = [...heat]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 3)
    .filter((m) => m.seconds > 0);
  const drops = heat.filter((m) => m.dropOff);
  const heard = heat.filter((m) => m.seconds > 0);
  const every = heat.length > 120 ? 30 : heat.length > 30 ? 10 : 5;
  // Ruler and markers are placed by time, so they line up with the waveform's columns.
  const span = Math.max(track.durationSeconds, 1);
  const at = (seconds: number) => `${Math.min(100, (seconds / span) * 100)}%`;
  const waveform =
    track.peaksUrl === null ? 'missing' : peaks.data ? 'ready' : peaks.error ? 'missing' : 'loading';
  return (
    <figure className="heatmap">
      <figcaption>
        <strong>{track.title}</strong>{' '}
        <span className="muted small">
          {hottest.length > 0
            ? t('listening.hottest', { minutes: hottest.map((m) => minuteMark(m.minute)).join(', ') })
            : t('listening.noMinutes')}
          {drops.length > 0 &&
            ` · ${t('listening.dropOffs', { minutes: drops.map((m) => minuteMark(m.minute)).join(', ') })}`}
        </span>
      </figcaption>
      {waveform === 'loading' ? (
        <div className="heatmap__loading">
          <Spinner label={t('listening.waveformLoading')} />
        </div>
      ) : waveform === 'ready' && peaks.data ? (
        <WaveHeat heat={heat} peaks={peaks.data} />
      ) : (
        <>
          <MinuteBars heat={heat} />
          <p className="muted small">{t('listening.waveformMissing')}</p>
        </>
      )}
      <div className="heatmap__ruler muted small" aria-hidden="true">
        {heat
          .filter((m) => m.minute % every === 0 && m.minute * 60 < span)
          .map((m) => (
            <span key={m.minute} style={{ left: at(m.minute * 60) }}>
              {minuteMark(m.minute)}
            </span>
          ))}
      </div>
      <div className="heatmap__drops" aria-hidden="true">
        {drops.map((m) => (
          <span key={m.minute} style={{ left: at(m.minute * 60 + 30) }} title={t('listening.dropOff')}>
            ▼
          </span>
        ))}
      </div>
      {heard.length > 0 && (
        // The wrapper hides it: a table ignores the 1 px width of `visually-hidden` and would widen a phone's page.
        <div className="visually-hidden">
          <table>
            <caption>{t('listening.minutesCaption', { title: track.title })}</caption>
            <thead>
              <tr>
                <th>{t('listening.colMinute')}</th>
                <th>{t('listening.colSeconds')}</th>
                <th>{t('listening.colSkip')}</th>
              </tr>
            </thead>
            <tbody>
              {heard.map((m) => (
                <tr key={m.minute}>
                  <td>{minuteMark(m.minute)}</td>
                  <td>{Math.round(m.seconds)}</td>
                  <td>{m.dropOff ? t('listening.skipYes') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

/** The waveform's shape, each column coloured by the listening of its minute. */
function WaveHeat({ heat, peaks }: { heat: readonly HeatMinute[]; peaks: TrackPeaks }) {
  const t = useUiT();
  const columns = heatAlongWaveform(peaks.overview.data, peaks.durationSeconds, heat, WAVE_COLUMNS);
  return (
    <svg
      viewBox={`0 0 ${columns.length} 40`}
      preserveAspectRatio="none"
      className="heatmap__wave heatmap__wave--along"
      aria-hidden="true"
      data-columns={columns.length}
    >
      {columns.map((column, index) => {
        const h = 1 + column.amplitude * 37;
        const shade = heatShade(column.level);
        return (
          <rect
            key={index}
            x={index}
            width={1}
            y={20 - h / 2}
            height={h}
            fill={shade.fill}
            fillOpacity={shade.opacity}
            className={column.dropOff ? 'heatmap__column heatmap__column--drop' : 'heatmap__column'}
          >
            <title>
              {t('listening.minuteTip', {
                time: minuteMark(column.minute),
                seconds: Math.round(heat[column.minute]?.seconds ?? 0),
              })}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}

/** The fallback without a waveform: a bar per minute, as tall and as hot as it was heard. */
function MinuteBars({ heat }: { heat: readonly HeatMinute[] }) {
  const t = useUiT();
  return (
    <svg
      viewBox={`0 0 ${heat.length} 40`}
      preserveAspectRatio="none"
      className="heatmap__wave heatmap__wave--bars"
      aria-hidden="true"
    >
      {heat.map((m) => {
        const h = 2 + m.level * 34;
        return (
          <rect
            key={m.minute}
            x={m.minute + 0.08}
            width={0.84}
            y={20 - h / 2}
            height={h}
            fill={heatColour(m.level)}
          >
            <title>
              {t('listening.minuteTip', { time: minuteMark(m.minute), seconds: Math.round(m.seconds) })}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
