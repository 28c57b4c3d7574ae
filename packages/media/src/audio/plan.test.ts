import { describe, expect, it } from 'vitest';
import { mp3SampleRate, planRenditions } from './plan';
import type { AudioFacts } from './probe';
import { analysisFilter, planJobs, renditionOptions } from './process';

function buildAudioFacts(overrides: Partial<AudioFacts> = {}): AudioFacts {
  return {
    mime: 'audio/flac',
    container: 'FLAC',
    codec: 'FLAC',
    codecProfile: null,
    lossless: true,
    durationSeconds: 3600,
    exactDuration: true,
    sampleRate: 44_100,
    bitDepth: 16,
    channels: 2,
    bitrate: 900_000,
    bytes: 405_000_000,
    tags: {
      title: null,
      artist: null,
      album: null,
      albumArtist: null,
      date: null,
      genre: null,
      comment: null,
    },
    cover: null,
    ...overrides,
  };
}

const lossy = (overrides: Partial<AudioFacts>) =>
  buildAudioFacts({ lossless: false, bitDepth: null, exactDuration: false, ...overrides });

const mp3 = (bitrate: number, codecProfile: string) =>
  lossy({ mime: 'audio/mpeg', container: 'MPEG', codec: 'MPEG 1 Layer 3', codecProfile, bitrate });

const tiers = (facts: AudioFacts) => planRenditions(facts).renditions.map((r) => `${r.tier}:${r.method}`);

describe('planRenditions', () => {
  it('encodes both MP3 tiers of a lossless FLAC and streams medium', () => {
    const plan = planRenditions(buildAudioFacts());
    expect(plan.renditions).toEqual([
      expect.objectContaining({
        tier: 'high',
        codec: 'mp3',
        bitrateKbps: 320,
        method: 'encode',
        fileName: 'high.mp3',
      }),
      expect.objectContaining({ tier: 'medium', codec: 'mp3', bitrateKbps: 192, method: 'encode' }),
    ]);
    expect(plan).toMatchObject({ streamOriginal: false, defaultStream: 'medium', skipped: [] });
    expect(plan.source).toEqual({
      durationSeconds: 3600,
      verifyLength: true,
      lossless: true,
      sampleRate: 44_100,
      channels: 2,
    });
  });

  it('adds a FLAC download copy of 16- and 24-bit WAV and AIFF, keeping rate and channels', () => {
    for (const container of ['WAVE', 'AIFF']) {
      const plan = planRenditions(
        buildAudioFacts({ container, codec: 'PCM', bitDepth: 24, sampleRate: 96_000, channels: 6 }),
      );
      expect(plan.renditions.map((r) => r.tier)).toEqual(['high', 'medium', 'flac']);
      expect(plan.renditions[2]).toMatchObject({
        codec: 'flac',
        bitrateKbps: null,
        sampleRate: 96_000,
        channels: 6,
        fileName: 'original.flac',
      });
      // MP3 is stereo at most, at 48 kHz for the 48 kHz family.
      expect(plan.renditions[0]).toMatchObject({ sampleRate: 48_000, channels: 2 });
    }
  });

  it('explains why a floating-point WAV gets no FLAC copy', () => {
    const plan = planRenditions(buildAudioFacts({ container: 'WAVE', codec: 'PCM float', bitDepth: 32 }));
    expect(plan.renditions.map((r) => r.tier)).toEqual(['high', 'medium']);
    expect(plan.skipped).toEqual([{ tier: 'flac', reason: expect.stringMatching(/floating-point/) }]);
  });

  it('never upscales a lossy source, and copies an MP3 already CBR at the tier bitrate', () => {
    expect(tiers(mp3(320_000, 'CBR'))).toEqual(['high:copy', 'medium:encode']);
    expect(tiers(mp3(192_000, 'CBR'))).toEqual(['medium:copy']);
    expect(tiers(mp3(191_000, 'V2'))).toEqual(['medium:encode']); // VBR average within 2 %
    expect(tiers(mp3(245_000, 'V0'))).toEqual(['medium:encode']);
    expect(tiers(lossy({ container: 'M4A/isom', codec: 'MPEG-4/AAC', bitrate: 256_000 }))).toEqual([
      'medium:encode',
    ]);
    const plan = planRenditions(mp3(192_000, 'CBR'));
    expect(plan.skipped).toEqual([{ tier: 'high', reason: expect.stringContaining('192 kbps') }]);
    expect(plan.source.verifyLength).toBe(false);
  });

  it('streams a lossy original below 192 kbps as it is', () => {
    const plan = planRenditions(mp3(128_000, 'CBR'));
    expect(plan.renditions).toEqual([]);
    expect(plan).toMatchObject({ streamOriginal: true, defaultStream: 'original' });
    expect(plan.skipped.map((s) => s.tier)).toEqual(['high', 'medium']);
  });
});

describe('mp3SampleRate', () => {
  it('keeps MPEG-1 rates and maps the others onto their family', () => {
    expect(
      [32_000, 44_100, 48_000, 88_200, 96_000, 176_400, 192_000, 22_050, 16_000].map(mp3SampleRate),
    ).toEqual([32_000, 44_100, 48_000, 44_100, 48_000, 44_100, 48_000, 44_100, 48_000]);
  });
});

describe('planJobs', () => {
  it('runs one process per rendition, with the analysis in the cheapest', () => {
    const wav = planRenditions(buildAudioFacts({ container: 'WAVE', codec: 'PCM' }));
    expect(planJobs(wav).map((job) => [job.renditions.map((r) => r.tier), job.analysis])).toEqual([
      [['high'], false],
      [['medium'], false],
      [['flac'], true],
    ]);
    const flac = planJobs(planRenditions(buildAudioFacts()));
    expect(flac.find((job) => job.analysis)?.renditions[0]?.tier).toBe('medium');
    const copy = planJobs(planRenditions(mp3(320_000, 'CBR')));
    expect(copy.find((job) => job.analysis)?.renditions[0]?.tier).toBe('high');
  });

  it('gives the analysis a process of its own when nothing is encoded', () => {
    expect(planJobs(planRenditions(mp3(128_000, 'CBR')))).toEqual([{ renditions: [], analysis: true }]);
  });
});

describe('renditionOptions', () => {
  it('encodes MP3 at a constant bitrate, audio only, in an explicit format', () => {
    const [high] = planRenditions(buildAudioFacts({ sampleRate: 96_000 })).renditions;
    if (!high) throw new Error('no high tier');
    const options = renditionOptions(high);
    expect(options.join(' ')).toBe(
      '-map 0:a:0 -map_metadata 0 -c:a libmp3lame -b:a 320k -ar 48000 -ac 2 -id3v2_version 3 -f mp3',
    );
    expect(options).not.toContain('-q:a');
  });
});

describe('analysisFilter', () => {
  it('averages the channels explicitly, since ebur128 drops the channel layout', () => {
    expect(analysisFilter(2, 44_100)).toBe(
      '[0:a:0]ebur128=framelog=verbose:peak=true,pan=mono|c0=0.500000*c0+0.500000*c1,aformat=sample_fmts=s16[peaks]',
    );
    expect(analysisFilter(1, 48_000)).toContain('pan=mono|c0=1.000000*c0,aformat');
  });

  it('resamples only rates above 48 kHz, to their family', () => {
    expect(analysisFilter(2, 96_000)).toContain(',aresample=48000,');
    expect(analysisFilter(2, 88_200)).toContain(',aresample=44100,');
  });
});
