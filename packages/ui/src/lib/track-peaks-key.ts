/**
 * The query key of a track's overview peaks, by track and not by URL (the URL changes on every
 * visit, the peaks never do). The member player and the listening heatmap read the same entry, so
 * a page that drew one draws the other without a second download.
 */
export const trackPeaksKey = (trackId: string) => ['track-peaks', trackId] as const;
