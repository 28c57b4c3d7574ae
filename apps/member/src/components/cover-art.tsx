import { useState } from 'react';

/**
 * A set's cover, or (no cover, or it failed to load) a tile with the DJ's initials, so a listing
 * without artwork still has a face for each set.
 */
export function CoverArt({
  url,
  title,
  artist,
  size = 'medium',
}: {
  url: string | null;
  title: string;
  artist: string;
  size?: 'small' | 'medium' | 'large';
}) {
  const [failed, setFailed] = useState(false);
  if (url && !failed) {
    return (
      <img
        className={`cover cover--${size}`}
        src={url}
        alt=""
        loading="lazy"
        decoding="async"
        onError={() => setFailed(true)}
      />
    );
  }
  const initials =
    artist
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase() ?? '')
      .join('') || title.slice(0, 1).toUpperCase();
  return (
    <span className={`cover cover--${size} cover--placeholder`} aria-hidden="true">
      {initials}
    </span>
  );
}
