/*
 * The upload contract of `/files` (documented in the README): what a tus upload must declare in
 * its Upload-Metadata, and the limits it must stay within. Pure functions, so the rules are tested
 * without a server.
 */

export interface UploadLimits {
  /** Largest photo accepted, in bytes. */
  maxImageBytes: number;
  /** Largest audio file accepted, in bytes. */
  maxAudioBytes: number;
  /** Uploads one admin may have in progress at once. */
  concurrentPerAdmin: number;
}

export type ValidUpload = {
  fileName: string;
  fileType: string | null;
  size: number;
} & ({ kind: 'image'; eventId: string } | { kind: 'audio' | 'cover'; setId: string });

export type UploadCheck = { ok: true; upload: ValidUpload } | { ok: false; status: number; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMAGE_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'png',
  'webp',
  'avif',
  'heic',
  'heif',
  'tif',
  'tiff',
  'gif',
]);
const AUDIO_EXTENSIONS = new Set(['flac', 'wav', 'wave', 'aif', 'aiff', 'mp3', 'm4a', 'ogg', 'opus']);
/**
 * A set's cover becomes a 600 px WebP: a large phone photo or a record sleeve scan fits, a
 * 200 MB TIFF is not a cover. Never more than photos may be (`UPLOAD_MAX_IMAGE_MB`).
 */
export const MAX_COVER_BYTES = 30 * 1024 * 1024;

/** What each kind of upload needs: the id it belongs to, the file types and the size limit. */
const KINDS = {
  image: {
    parentKey: 'eventId',
    parentName: 'an event',
    extensions: IMAGE_EXTENSIONS,
    typesText: 'a photo this gallery takes (JPEG, PNG, WebP, AVIF, HEIC, TIFF or GIF)',
    noun: 'photos',
    limit: (limits: UploadLimits) => limits.maxImageBytes,
  },
  audio: {
    parentKey: 'setId',
    parentName: 'a music set',
    extensions: AUDIO_EXTENSIONS,
    typesText: 'an audio file this site takes (FLAC, WAV, AIFF, MP3, M4A, Ogg or Opus)',
    noun: 'audio files',
    limit: (limits: UploadLimits) => limits.maxAudioBytes,
  },
  cover: {
    parentKey: 'setId',
    parentName: 'a music set',
    extensions: IMAGE_EXTENSIONS,
    typesText: 'an image this site takes as a cover (JPEG, PNG, WebP, AVIF, HEIC, TIFF or GIF)',
    noun: 'cover images',
    limit: (limits: UploadLimits) => Math.min(MAX_COVER_BYTES, limits.maxImageBytes),
  },
} as const;
const MAX_NAME_LENGTH = 200;

/** Decodes a tus `Upload-Metadata` header (`key base64,key base64`); undefined when malformed. */
export function parseTusMetadata(header: string | undefined): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  if (!header) return result;
  for (const pair of header.split(',')) {
    const [key, value, extra] = pair.trim().split(' ');
    if (!key || extra !== undefined || !/^[\w.-]+$/.test(key)) return undefined;
    if (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
    result[key] = value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8');
  }
  return result;
}

/**
 * A file name safe to store and show: the last path segment only, no control, bidi-formatting
 * (overrides, isolates, marks) or line-separator characters, no leading dots, at most 200
 * characters (keeping the extension, never splitting an emoji).
 */
export function sanitizeFileName(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
      '',
    )
    // A lone surrogate would be stored as U+FFFD.
    .replace(/\p{Surrogate}/gu, '')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return 'upload';
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  let stem = cleaned.slice(0, MAX_NAME_LENGTH - ext.length);
  // Cut before a surrogate pair rather than through it.
  if (/[\ud800-\udbff]$/.test(stem)) stem = stem.slice(0, -1);
  return stem + ext;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** Checks the creation request of a tus upload (POST): metadata, declared size and type. */
export function checkUploadCreation(params: {
  metadataHeader: string | undefined;
  uploadLength: string | undefined;
  limits: UploadLimits;
}): UploadCheck {
  const metadata = parseTusMetadata(params.metadataHeader);
  if (!metadata) return { ok: false, status: 400, message: 'Upload-Metadata is malformed.' };
  if (params.uploadLength === undefined || !/^\d+$/.test(params.uploadLength)) {
    return {
      ok: false,
      status: 400,
      message: 'Upload-Length is required: the size must be known when the upload starts.',
    };
  }
  const size = Number(params.uploadLength);
  if (size === 0) return { ok: false, status: 400, message: 'The file is empty.' };

  const kind = metadata.kind;
  if (kind !== 'image' && kind !== 'audio' && kind !== 'cover') {
    return { ok: false, status: 400, message: 'Metadata "kind" must be "image", "audio" or "cover".' };
  }
  const rules = KINDS[kind];
  const parentId = metadata[rules.parentKey] ?? '';
  if (!UUID.test(parentId)) {
    return {
      ok: false,
      status: 400,
      message: `Metadata "${rules.parentKey}" must be the id of ${rules.parentName}.`,
    };
  }
  const rawName = metadata.filename ?? metadata.name;
  if (!rawName) return { ok: false, status: 400, message: 'Metadata "filename" is required.' };
  const fileName = sanitizeFileName(rawName);
  if (!rules.extensions.has(extensionOf(fileName))) {
    return { ok: false, status: 415, message: `"${fileName}" is not ${rules.typesText}.` };
  }
  const limit = rules.limit(params.limits);
  if (size > limit) {
    return {
      ok: false,
      status: 413,
      message: `"${fileName}" is ${formatBytes(size)}; ${rules.noun} may be at most ${formatBytes(limit)}.`,
    };
  }
  const fileType = metadata.filetype || metadata.type || null;
  const common = { fileName, fileType, size };
  return {
    ok: true,
    upload:
      kind === 'image'
        ? { ...common, kind, eventId: parentId.toLowerCase() }
        : { ...common, kind, setId: parentId.toLowerCase() },
  };
}
