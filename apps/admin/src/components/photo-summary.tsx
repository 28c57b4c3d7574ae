import { useT } from '../i18n';
import type { AdminImage } from './photo-tile';

/** One line of counts, so the state of a 600-photo event is clear without scrolling through it. */
export function PhotoSummary({ images }: { images: AdminImage[] }) {
  const t = useT();
  const count = (test: (image: AdminImage) => boolean) => images.filter(test).length;
  const processing = count((i) => i.status === 'processing');
  const failed = count((i) => i.status === 'failed');
  const deleting = count((i) => i.status === 'deleting');
  // Failed and deleting photos are not part of the gallery: they are counted apart.
  const live = images.filter((i) => i.status !== 'deleting' && i.status !== 'failed');
  const parts = [
    t('count.photos', { count: live.length }),
    processing > 0 && t('photos.summary.processing', { count: processing }),
    failed > 0 && t('photos.summary.failed', { count: failed }),
    deleting > 0 && t('photos.summary.deleting', { count: deleting }),
    t('photos.summary.members', { count: live.filter((i) => i.visibility === 'members').length }),
    t('photos.summary.attendees', { count: live.filter((i) => i.visibility === 'attendees').length }),
    t('photos.summary.draft', { count: live.filter((i) => i.visibility === 'draft').length }),
  ].filter(Boolean);
  return <p className="muted small photo-summary">{parts.join(' · ')}</p>;
}
