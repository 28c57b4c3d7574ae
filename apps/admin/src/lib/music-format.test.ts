import { initI18n, setLanguage } from '@party/ui';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCatalogues } from '../i18n';

beforeAll(async () => {
  initI18n(adminCatalogues);
  await setLanguage('en');
});

import {
  describeStage,
  formatAudioFormat,
  formatDuration,
  formatLoudness,
  formatSampleRate,
  formatTracklist,
  moveItem,
} from './music-format';

describe('formatDuration', () => {
  it('writes h:mm:ss, hours included', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(59.9)).toBe('0:00:59');
    expect(formatDuration(3723.4)).toBe('1:02:03');
    expect(formatDuration(4 * 3600 + 5)).toBe('4:00:05');
  });
  it('shows a dash for an unknown duration', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(Number.NaN)).toBe('–');
  });
});

describe('formatTracklist', () => {
  it('writes one line per cue, artist and title apart', () => {
    expect(
      formatTracklist([
        { startSeconds: 0, artist: 'Opening Act', title: 'Warm Up' },
        { startSeconds: 3723, artist: null, title: 'ID' },
      ]),
    ).toBe('0:00:00 Opening Act - Warm Up\n1:02:03 ID');
  });
  it('is empty without cues', () => {
    expect(formatTracklist([])).toBe('');
  });
});

describe('facts', () => {
  it('formats sample rates and loudness', () => {
    expect(formatSampleRate(44100)).toBe('44.1 kHz');
    expect(formatSampleRate(96000)).toBe('96 kHz');
    expect(formatLoudness(-14.234)).toBe('−14.2 LUFS');
  });
  it('names codec and container the way people say them', () => {
    expect(formatAudioFormat('FLAC', 'FLAC')).toBe('FLAC');
    expect(formatAudioFormat('MPEG 1 Layer 3', 'MPEG')).toBe('MP3');
    expect(formatAudioFormat('PCM', 'WAVE')).toBe('PCM in WAV');
    expect(formatAudioFormat('AAC', 'M4A/mp42')).toBe('AAC in M4A');
    expect(formatAudioFormat(null, 'Ogg')).toBe('Ogg');
  });
  it('writes facts in German too', async () => {
    await setLanguage('de');
    expect(formatSampleRate(44100)).toBe('44,1 kHz');
    expect(formatLoudness(-14.234)).toBe('−14,2 LUFS');
    expect(describeStage('encoding')).toBe('Streams werden kodiert');
    await setLanguage('en');
  });
  it('names stages for people, unknown ones as they are', () => {
    expect(describeStage('encoding')).toBe('Encoding the streams');
    expect(describeStage(null)).toBe('Waiting for a worker');
    expect(describeStage('mystery')).toBe('mystery');
  });
});

describe('moveItem', () => {
  it('moves one place up or down', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
  });
  it('refuses to move past either end', () => {
    expect(moveItem(['a', 'b'], 0, -1)).toBeNull();
    expect(moveItem(['a', 'b'], 1, 1)).toBeNull();
  });
});
