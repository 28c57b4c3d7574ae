import { Transform } from 'node:stream';

/** A body that delivered more or fewer bytes than the answer's Content-Length promised. */
export class BodyLengthError extends Error {
  override name = 'BodyLengthError';
}

/**
 * Passes exactly `expected` bytes through, or fails. Put between a source and an HTTP response
 * whose Content-Length is already sent: a source that ends early without an error (or runs long)
 * then breaks the connection, which the client sees as an incomplete body, instead of ending a
 * short answer that looks complete or writing bytes into the next answer on the connection.
 */
export function exactLength(expected: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > expected) callback(new BodyLengthError(`the body ran past its ${expected} bytes`));
      else callback(null, chunk);
    },
    flush(callback) {
      if (seen < expected) callback(new BodyLengthError(`the body ended after ${seen} of ${expected} bytes`));
      else callback();
    },
  });
}
