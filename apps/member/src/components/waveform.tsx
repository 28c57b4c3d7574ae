import type { TrackPeaks } from '@party/media/peaks-format';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import { useT } from '../i18n';
import { type Cue, cueLabel } from '../lib/cues';
import { levelFor, pxPerSecond } from '../lib/peaks';
import { formatClock, spokenClock } from '../lib/time';

const HEIGHT = 96;

/** A small marker on the waveform (a timed comment); `label` is its tooltip. */
export interface WaveformMark {
  id: string;
  atSeconds: number;
  label: string;
}
const NO_MARKS: readonly WaveformMark[] = [];

type Regions = ReturnType<typeof RegionsPlugin.create>;
type Timeline = ReturnType<typeof TimelinePlugin.create>;

/** Label spacing (s) → tick spacing (s) for the time ruler under the waveform. */
const RULER: [label: number, tick: number][] = [
  [1, 1],
  [5, 1],
  [10, 2],
  [15, 5],
  [30, 10],
  [60, 15],
  [120, 30],
  [300, 60],
  [600, 120],
  [900, 300],
  [1800, 300],
  [3600, 600],
];

/** A ruler whose labels stay at least ~70 px apart at this zoom, so they never overlap. */
function createTimeline(pxPerSec: number): Timeline {
  const [label, tick] = RULER.find(([seconds]) => seconds * pxPerSec >= 70) ?? [7200, 1200];
  return TimelinePlugin.create({
    height: 16,
    timeInterval: tick,
    primaryLabelInterval: label,
    secondaryLabelInterval: label,
    formatTimeCallback: formatClock,
    style: { fontSize: '11px', color: '#9c9ab0' },
  });
}

/**
 * The waveform of one track, drawn by wavesurfer.js from the stored peaks and `duration` alone: no
 * audio is fetched or decoded for it. When `media` is given (the player's own `<audio>`, this
 * track loaded), wavesurfer follows it: progress, click and drag to seek. Without it the waveform
 * is a map, and a click asks the page to start playing there (`onSeek`).
 *
 * Tracklist entries are markers (Regions plugin); a marker click seeks to its entry. The overview
 * peaks draw the whole track; zoomed in, the detail level (10 peaks a second) takes over.
 */
export function Waveform({
  peaks,
  duration,
  media,
  cues,
  zoom,
  currentTime,
  onSeek,
  label,
  marks = NO_MARKS,
}: {
  peaks: TrackPeaks | null;
  duration: number;
  media: HTMLAudioElement | null;
  cues: readonly Cue[];
  /** Multiple of the width showing the whole track (1 = all of it). */
  zoom: number;
  currentTime: number;
  /** `click`: a click or drag on the waveform (bound, wavesurfer has already moved the audio). */
  onSeek: (seconds: number, source: 'click' | 'marker' | 'key') => void;
  label: string;
  /** Timed comments: small markers along the bottom edge; a click seeks there like a cue. */
  marks?: readonly WaveformMark[];
}) {
  const t = useT();
  const containerRef = useRef<HTMLDivElement>(null);
  const [instance, setInstance] = useState<{ ws: WaveSurfer; regions: Regions } | null>(null);
  // Bumped on every 'ready' (a render of new peaks); `drawn` is the instance that has drawn.
  const [renders, setRenders] = useState(0);
  const [drawn, setDrawn] = useState<WaveSurfer | null>(null);
  const [resizes, setResizes] = useState(0);
  const timelineRef = useRef<{ plugin: Timeline; pxPerSec: number } | null>(null);
  const onSeekRef = useRef(onSeek);
  const zoomRef = useRef(zoom);
  const timeRef = useRef(currentTime);
  useEffect(() => {
    onSeekRef.current = onSeek;
    zoomRef.current = zoom;
    timeRef.current = currentTime;
  });

  // Overview or detail: a change of level builds a new instance, a zoom within one level does not.
  const level = peaks ? levelFor(peaks, zoom) : null;

  useEffect(() => {
    const container = containerRef.current;
    if (!container || duration <= 0) return;
    const regions = RegionsPlugin.create();
    const px = pxPerSecond(zoomRef.current, container.clientWidth, duration);
    // The time ruler follows the first drawing (the zoom effect below adds it): its labels are
    // measured one by one, which would hold up the waveform a shared link opens with.
    timelineRef.current = null;
    const ws = WaveSurfer.create({
      container,
      height: HEIGHT,
      waveColor: '#5d5a7a',
      progressColor: '#ff4f8b',
      cursorColor: '#ffffff',
      cursorWidth: 2,
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      normalize: true,
      dragToSeek: true,
      autoScroll: true,
      autoCenter: true,
      minPxPerSec: px,
      // Never the WebAudio backend: the media element streams, the peaks draw.
      backend: 'MediaElement',
      media: media ?? undefined,
      peaks: [level ? level.data : [0, 0]],
      duration,
      plugins: [regions],
    });
    ws.on('ready', () => {
      setDrawn(ws);
      setRenders((count) => count + 1);
    });
    ws.on('resize', () => setResizes((count) => count + 1));
    ws.on('interaction', (seconds) => onSeekRef.current(seconds, 'click'));
    regions.on('region-clicked', (region, event) => {
      event.stopPropagation();
      onSeekRef.current(region.start, 'marker');
    });
    setInstance({ ws, regions });
    return () => {
      setInstance(null);
      ws.destroy();
    };
  }, [level, duration, media]);

  // Zoom within a level (and follow the width), keeping the playhead in view; the time ruler.
  useEffect(() => {
    const ws = instance?.ws;
    const container = containerRef.current;
    // `resizes` only re-runs this when wavesurfer reports a new width (a phone turned sideways).
    if (!ws || !container || renders === 0 || resizes < 0 || !ws.getDecodedData()) return;
    const px = pxPerSecond(zoom, container.clientWidth, duration);
    // An unchanged zoom would only draw the whole waveform again.
    if (px !== ws.options.minPxPerSec) {
      ws.zoom(px);
      if (px > 0) ws.setScrollTime(Math.max(0, timeRef.current - ws.getWidth() / px / 2));
    }
    return afterPaint(() => {
      const rulerPx = px || ws.getWidth() / duration;
      const current = timelineRef.current;
      if (!current || Math.abs(current.pxPerSec - rulerPx) > rulerPx * 0.02) {
        current?.plugin.destroy();
        timelineRef.current = { plugin: ws.registerPlugin(createTimeline(rulerPx)), pxPerSec: rulerPx };
      }
    });
  }, [instance, renders, resizes, zoom, duration]);

  // Tracklist and comment markers, once the waveform is drawn.
  useEffect(() => {
    const regions = instance?.regions;
    if (!regions || renders === 0 || !instance.ws.getDecodedData()) return;
    return afterPaint(() => addMarkers(regions, cues, marks));
  }, [instance, renders, cues, marks]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Home') onSeek(0, 'key');
    else if (event.key === 'End') onSeek(Math.max(0, duration - 5), 'key');
    else if (event.key === 'PageUp') onSeek(Math.min(duration, currentTime + 60), 'key');
    else if (event.key === 'PageDown') onSeek(Math.max(0, currentTime - 60), 'key');
    else return;
    event.preventDefault();
  };

  return (
    <div
      className="waveform"
      role="slider"
      tabIndex={0}
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={Math.round(duration)}
      aria-valuenow={Math.round(currentTime)}
      aria-valuetext={t('player.valueText', {
        position: spokenClock(currentTime),
        length: spokenClock(duration),
      })}
      onKeyDown={onKeyDown}
      data-ready={drawn !== null && drawn === instance?.ws ? 'true' : 'false'}
    >
      <div ref={containerRef} className="waveform__canvas" />
    </div>
  );
}

/** Tracklist markers, numbered like the list beside the waveform, and the comment markers. */
function addMarkers(regions: Regions, cues: readonly Cue[], marks: readonly WaveformMark[]): void {
  regions.clearRegions();
  for (const [index, cue] of cues.entries()) {
    const content = document.createElement('span');
    content.textContent = String(index + 1);
    content.title = `${formatClock(cue.startSeconds)} ${cueLabel(cue)}`;
    regions.addRegion({
      id: `cue-${index}`,
      start: cue.startSeconds,
      content,
      color: 'rgba(139, 92, 246, 0.9)',
      drag: false,
      resize: false,
    });
  }
  for (const mark of marks) regions.addRegion(commentRegion(mark));
}

/**
 * Runs `work` after the browser has painted the current frame (a frame, then a task), so the time
 * ruler and the markers, whose elements are measured one by one, never delay the waveform's first
 * drawing. Returns the cancel, for an effect's cleanup.
 */
function afterPaint(work: () => void): () => void {
  let task: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    task = setTimeout(work, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(task);
  };
}

/** A comment marker: a dot at the bottom edge, apart from the numbered tracklist markers on top. */
function commentRegion(mark: WaveformMark) {
  const content = document.createElement('span');
  content.textContent = '●';
  content.title = mark.label;
  // Inside wavesurfer's shadow root: only inline styles reach it.
  Object.assign(content.style, {
    position: 'absolute',
    bottom: '2px',
    left: '-5px',
    fontSize: '10px',
    lineHeight: '10px',
    color: '#ffd166',
    cursor: 'pointer',
  });
  return {
    id: `comment-${mark.id}`,
    start: mark.atSeconds,
    content,
    color: 'rgba(255, 209, 102, 0.55)',
    drag: false,
    resize: false,
  };
}
