import { parseArgs } from 'node:util';
import { startS3Emulator } from './s3-emulator';

/**
 * The S3 emulator as a process of its own, for tests that run the server the way production runs
 * it (S3_* pointing at a separate service): `--dir`, `--bucket`, `--port` (0: a free one). Prints
 * one JSON line with the S3 config once the bucket answers; SIGTERM or SIGINT stops it.
 */
const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    bucket: { type: 'string', default: 'party-media' },
    port: { type: 'string', default: '0' },
  },
});
if (!values.dir) throw new Error('--dir is required');
const emulator = await startS3Emulator({
  directory: values.dir,
  bucket: values.bucket,
  port: Number(values.port),
});
process.stdout.write(`${JSON.stringify(emulator.config)}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void emulator.stop().then(() => process.exit(0));
  });
}
