import type { S3Client } from '@aws-sdk/client-s3';
import { presignGet, signingWindow } from '../presign';
import { signMediaToken } from './media-token';

/** `presigned`: members fetch straight from S3. `proxy`: through the server's `/media` route. */
export type DeliveryMode = 'presigned' | 'proxy';

export const DELIVERY_MODES = ['presigned', 'proxy'] as const;

/** Where the proxy route is mounted; proxy URLs are relative to the app's origin. */
export const MEDIA_ROUTE_PREFIX = '/media';

export interface DeliveryUrlOptions {
  /** Offer the object as a download under this file name (Content-Disposition: attachment). */
  downloadName?: string;
  contentType?: string;
  /** Signing time; pass one `now` for every URL of a response so they share a signing window. */
  now?: Date;
}

/** A short-lived URL for one object and when it stops working. */
export interface DeliveredUrl {
  url: string;
  expiresAt: Date;
}

/** Issues media URLs for one viewer, after the caller has checked that they may see the object. */
export interface ViewerDelivery {
  url(key: string, options?: DeliveryUrlOptions): Promise<DeliveredUrl>;
}

export interface MediaDelivery {
  readonly mode: DeliveryMode;
  /** URLs for this viewer (proxy tokens name the viewer; presigned URLs do not). */
  forViewer(viewerId: string | null): ViewerDelivery;
}

export interface MediaDeliveryConfig {
  mode: DeliveryMode;
  client: S3Client;
  bucket: string;
  /** HMAC key for proxy tokens (`mediaTokenKey(authSecret)`). */
  tokenKey: Buffer;
  /** Called when presigning failed and a proxy URL was issued instead. */
  onPresignError?: (error: unknown) => void;
  /** Told of every URL handed out (for metrics): a presigned S3 URL or a `/media` proxy URL. */
  onIssued?: (kind: 'presigned' | 'proxy') => void;
}

/**
 * The one way procedures turn an object key into a URL for the browser. In `presigned` mode a
 * presigned S3 GET (and, should signing fail, a proxy URL for that request); in `proxy` mode a
 * `/media/<token>` URL. Both expire at the same time-bucketed instant (`signingWindow`), so a URL
 * is identical within a window and browsers can cache it.
 */
export function createMediaDelivery(config: MediaDeliveryConfig): MediaDelivery {
  const proxyUrl = (viewerId: string | null, key: string, options: DeliveryUrlOptions): DeliveredUrl => {
    if (!viewerId) throw new Error('A media URL through the proxy needs a signed-in viewer.');
    const { expiresAt } = signingWindow(options.now ?? new Date());
    const token = signMediaToken(config.tokenKey, {
      key,
      viewerId,
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
      downloadName: options.downloadName,
      contentType: options.contentType,
    });
    return { url: `${MEDIA_ROUTE_PREFIX}/${token}`, expiresAt };
  };

  return {
    mode: config.mode,
    forViewer(viewerId) {
      return {
        async url(key, options = {}) {
          if (config.mode === 'proxy') {
            config.onIssued?.('proxy');
            return proxyUrl(viewerId, key, options);
          }
          try {
            const url = await presignGet(config.client, config.bucket, key, options);
            config.onIssued?.('presigned');
            return url;
          } catch (error) {
            config.onPresignError?.(error);
            config.onIssued?.('proxy');
            return proxyUrl(viewerId, key, options);
          }
        },
      };
    },
  };
}
