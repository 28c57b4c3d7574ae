import { plural } from '@party/ui';
import type { AdminImage } from './photo-tile';

/** One line of counts, so the state of a 600-photo event is clear without scrolling through it. */
export function PhotoSummary({ images }: { images: AdminImage[] }) {
  const count = (test: (image: AdminImage) => boolean) => images.filter(test).length;
  const processing = count((i) => i.status === 'processing');
  const failed = count((i) => i.status === 'failed');
  const deleting = count((i) => i.status === 'deleting');
  const live = images.filter((i) => i.status !== 'deleting');
  const parts = [
    plural(images.length, 'photo'),
    processing > 0 && `${processing} processing`,
    failed > 0 && `${failed} failed`,
    deleting > 0 && `${deleting} being deleted`,
    `${live.filter((i) => i.visibility === 'members').length} for members`,
    `${live.filter((i) => i.visibility === 'attendees').length} for attendees`,
    `${live.filter((i) => i.visibility === 'draft').length} draft`,
  ].filter(Boolean);
  return <p className="muted small photo-summary">{parts.join(' · ')}</p>;
}
