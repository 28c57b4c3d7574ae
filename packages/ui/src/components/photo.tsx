import { type CSSProperties, type SyntheticEvent, useState } from 'react';
import { thumbhashDataUrl } from '../lib/thumbhash';

export interface PhotoProps {
  src: string | null;
  alt: string;
  width: number | null;
  height: number | null;
  thumbhash: string | null;
  /** A smaller image likely in the browser cache already (the thumbnail), shown over the thumbhash. */
  placeholderSrc?: string | null;
  /** `cover` fills a fixed frame (square tiles); `contain` shows the whole photo. */
  fit?: 'cover' | 'contain';
  loading?: 'lazy' | 'eager';
  className?: string;
  style?: CSSProperties;
  onError?: (event: SyntheticEvent<HTMLImageElement>) => void;
}

/**
 * A photo that shows its thumbhash (a blurred miniature decoded in the browser) until the real
 * image has loaded, then fades it in. Width and height are set so the browser reserves the space
 * before any byte arrives.
 */
export function Photo({
  src,
  alt,
  width,
  height,
  thumbhash,
  placeholderSrc,
  fit = 'cover',
  loading = 'lazy',
  className,
  style,
  onError,
}: PhotoProps) {
  const [loaded, setLoaded] = useState(false);
  const hash = thumbhashDataUrl(thumbhash);
  const layers = [placeholderSrc, hash].filter(Boolean).map((url) => `url("${url}")`);
  return (
    <span
      className={`photo photo--${fit}${className ? ` ${className}` : ''}`}
      style={{ ...style, backgroundImage: layers.length > 0 ? layers.join(', ') : undefined }}
    >
      {src && (
        <img
          src={src}
          alt={alt}
          width={width ?? undefined}
          height={height ?? undefined}
          loading={loading}
          decoding="async"
          draggable={false}
          className={loaded ? 'photo__img is-loaded' : 'photo__img'}
          onLoad={() => setLoaded(true)}
          onError={onError}
        />
      )}
    </span>
  );
}
