import { describe, expect, it } from 'vitest';
import { isInputFault, LoudnessSummary, parseProgressTime, stderrTail } from './ffmpeg-output';

const summary = (integrated: string) => [
  '[Parsed_ebur128_0 @ 0x55a5a33dac00] Summary:',
  '',
  '  Integrated loudness:',
  `    I:         ${integrated} LUFS`,
  '    Threshold: -31.8 LUFS',
  '',
  '  Loudness range:',
  '    LRA:         0.0 LU',
  '',
  '  True peak:',
  '    Peak:       -3.2 dBFS',
];

describe('parseProgressTime', () => {
  it('reads the time of a stats line', () => {
    expect(
      parseProgressTime('size=   12345kB time=01:02:03.45 bitrate= 320.0kbits/s speed=75.1x'),
    ).toBeCloseTo(3723.45);
    expect(parseProgressTime('size=N/A time=00:00:07.31 bitrate=N/A speed= 625x')).toBeCloseTo(7.31);
    expect(parseProgressTime('size=N/A time=N/A bitrate=N/A')).toBeNull();
    expect(parseProgressTime('  Stream #0:0: Audio: flac, 44100 Hz, stereo, s16')).toBeNull();
  });
});

describe('LoudnessSummary', () => {
  it('takes the last summary: ffmpeg may log an empty one from a first graph it tears down', () => {
    const loudness = new LoudnessSummary();
    for (const line of [...summary('-70.0'), 'size= 300kB time=00:00:20.00', ...summary('-21.8')]) {
      loudness.push(line);
    }
    expect(loudness.lufs).toBe(-21.8);
    expect(loudness.truePeakDb).toBe(-3.2);
  });

  it('has no true peak for digital silence (-inf) or without a summary', () => {
    expect(new LoudnessSummary().truePeakDb).toBeNull();
    const silence = new LoudnessSummary();
    for (const line of ['[Parsed_ebur128_0 @ 0x1] Summary:', '  True peak:', '    Peak:       -inf dBFS']) {
      silence.push(line);
    }
    expect(silence.truePeakDb).toBeNull();
  });

  it('is null without a summary, or for silence at the -70 LUFS floor', () => {
    expect(new LoudnessSummary().lufs).toBeNull();
    const silence = new LoudnessSummary();
    for (const line of summary('-70.0')) silence.push(line);
    expect(silence.lufs).toBeNull();
  });

  it('ignores I: lines outside a summary', () => {
    const loudness = new LoudnessSummary();
    loudness.push('    I:         -10.0 LUFS');
    expect(loudness.lufs).toBeNull();
  });
});

describe('isInputFault', () => {
  it('blames the input for decode errors, not for machine trouble', () => {
    expect(isInputFault(['[flac @ 0x1] invalid residual', '[flac @ 0x1] decode_frame() failed'])).toBe(true);
    expect(isInputFault(['Error while decoding stream #0:0: Invalid data found when processing input'])).toBe(
      true,
    );
    expect(isInputFault(['/out/high.mp3.partial: No space left on device', 'Conversion failed!'])).toBe(
      false,
    );
  });
});

describe('stderrTail', () => {
  it('keeps the last meaningful lines on one line', () => {
    expect(stderrTail(['a', '', 'size=1kB time=00:00:01.00', 'b', '  c  '], 2)).toBe('b | c');
  });
});
