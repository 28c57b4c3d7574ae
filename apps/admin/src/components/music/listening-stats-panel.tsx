import { Alert, EmptyState, errorText, formatLocale, type RouterOutputs, Spinner, trpc } from '@party/ui';
import { useId, useState } from 'react';
import { useT } from '../../i18n';
import { heatColour, heatMinutes } from '../../lib/listening-heat';
import { formatDuration } from '../../lib/music-format';
import { Card } from '../shared/page';

type Stats = RouterOutputs['admin']['listening']['setStats'];
type TrackStats = Stats['tracks'][number];
type Day = Stats['daily'][number];

const RANGES = [7, 30, 90, 365] as const;
type Range = (typeof RANGES)[number];

/**
 * How a set is listened to, for its admins and DJs: per track plays, 30-second plays, listeners,
 * how much of it people hear and downloads; plays per day as a chart; and a heatmap along each
 * track (which minutes are played most, where people skip). Aggregates only: nobody is named.
 */
export function ListeningStatsPanel({ setId }: { setId: string }) {
  const t = useT();
  const id = useId();
  const [days, setDays] = useState<Range>(30);
  const stats = trpc.admin.listening.setStats.useQuery({ setId, days });
  const number = new Intl.NumberFormat(formatLocale());
  const percent = new Intl.NumberFormat(formatLocale(), { style: 'percent' });

  const data = stats.data;
  const nothing =
    data?.daily.every((d) => d.plays === 0 && d.downloads === 0) && data.tracks.every((x) => x.plays === 0);

  return (
    <Card headingId="listening-stats" title={t('listening.title')}>
      <p className="muted">{t('listening.intro')}</p>
      <label className="field field--inline">
        <span>{t('listening.range')}</span>
        <select value={days} onChange={(event) => setDays(Number(event.target.value) as Range)}>
          {RANGES.map((range) => (
            <option key={range} value={range}>
              {t('listening.lastDays', { count: range })}
            </option>
          ))}
        </select>
      </label>
      {stats.isPending ? (
        <Spinner label={t('listening.loading')} />
      ) : stats.error ? (
        <Alert>
          {errorText(stats.error)}{' '}
          <button type="button" className="button button--small" onClick={() => void stats.refetch()}>
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
    </Card>
  );
}

/** Plays per day as bars, downloads as dots; every day has its figures as a tooltip and in a table for screen readers. */
function DailyChart({ daily, labelledBy }: { daily: readonly Day[]; labelledBy: string }) {
  const t = useT();
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
      <table className="visually-hidden">
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
    </figure>
  );
}

/**
 * The heatmap along one track: a bar per minute, as tall and as hot as that minute was heard, in
 * the shape of a waveform; minutes where listening falls off are marked underneath.
 */
function Heatmap({ track }: { track: TrackStats }) {
  const t = useT();
  const heat = heatMinutes(track.minutes, track.durationSeconds);
  const width = heat.length;
  const hottest = [...heat]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 3)
    .filter((m) => m.seconds > 0);
  const drops = heat.filter((m) => m.dropOff);
  const every = heat.length > 120 ? 30 : heat.length > 30 ? 10 : 5;
  return (
    <figure className="heatmap">
      <figcaption>
        <strong>{track.title}</strong>{' '}
        <span className="muted small">
          {hottest.length > 0
            ? t('listening.hottest', {
                minutes: hottest.map((m) => formatDuration(m.minute * 60)).join(', '),
              })
            : t('listening.noMinutes')}
          {drops.length > 0 &&
            ` · ${t('listening.dropOffs', { minutes: drops.map((m) => formatDuration(m.minute * 60)).join(', ') })}`}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} 40`}
        preserveAspectRatio="none"
        className="heatmap__wave"
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
                {t('listening.minuteTip', {
                  time: formatDuration(m.minute * 60),
                  seconds: Math.round(m.seconds),
                })}
              </title>
            </rect>
          );
        })}
      </svg>
      <div className="heatmap__ruler muted small" aria-hidden="true">
        {heat
          .filter((m) => m.minute % every === 0)
          .map((m) => (
            <span key={m.minute} style={{ left: `${(m.minute / width) * 100}%` }}>
              {formatDuration(m.minute * 60)}
            </span>
          ))}
      </div>
      <div className="heatmap__drops" aria-hidden="true">
        {drops.map((m) => (
          <span
            key={m.minute}
            style={{ left: `${((m.minute + 0.5) / width) * 100}%` }}
            title={t('listening.dropOff')}
          >
            ▼
          </span>
        ))}
      </div>
    </figure>
  );
}
