const MAX_SLUG = 80;

/** Lowercase ASCII words joined by dashes, the shape the server accepts for an event address. */
export function slugify(text: string): string {
  return (
    text
      // Split accented letters into letter + mark, so "Café" becomes "cafe" rather than "caf".
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  );
}

/**
 * The address suggested for a new event: its title and date, e.g. `summer-rave-2026-07-14`.
 * The date keeps yearly repeats of the same party apart.
 */
export function deriveSlug(title: string, eventDate: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(eventDate) ? eventDate : '';
  const room = MAX_SLUG - (date ? date.length + 1 : 0);
  const words = slugify(title).slice(0, room).replace(/-+$/, '');
  return [words, date].filter(Boolean).join('-');
}
