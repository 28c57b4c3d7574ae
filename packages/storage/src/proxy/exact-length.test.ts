import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BodyLengthError, exactLength } from './exact-length';

const collect = async (chunks: Buffer[], expected: number) => {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), exactLength(expected), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
};

describe('exactLength', () => {
  it('passes a body of the promised length through unchanged', async () => {
    const body = await collect([Buffer.from('abc'), Buffer.from('defg')], 7);
    expect(body.toString()).toBe('abcdefg');
    expect(await collect([], 0)).toHaveLength(0);
  });

  it('fails a body that ends early without an error, and one that runs long', async () => {
    await expect(collect([Buffer.from('abc')], 7)).rejects.toThrow(
      new BodyLengthError('the body ended after 3 of 7 bytes'),
    );
    await expect(collect([Buffer.from('abc'), Buffer.from('defgh')], 7)).rejects.toThrow(BodyLengthError);
  });
});
