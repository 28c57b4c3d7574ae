export type MediaErrorCode = 'unsupported' | 'corrupt' | 'too-large' | 'empty';

/** A file that cannot be processed; `message` is a sentence for the admin. Never retried. */
export class MediaError extends Error {
  override readonly name = 'MediaError';

  constructor(
    public readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
