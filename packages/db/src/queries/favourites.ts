import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { events, favourites, images, musicSets, tracks } from '../schema';
import { GALLERY_ORDER, type Image } from './images';
import { type ViewerScope, visibleTo } from './visibility';

export type Favourite = typeof favourites.$inferSelect;

/** What a favourite points at: a photo, a set, or a moment of a track. */
export type FavouriteTarget =
  | { imageId: string }
  | { setId: string }
  | { trackId: string; positionSeconds: number; label?: string | null };

function targetCondition(userId: string, target: FavouriteTarget): SQL {
  const own = eq(favourites.userId, userId);
  if ('imageId' in target) return and(own, eq(favourites.imageId, target.imageId)) as SQL;
  if ('setId' in target) return and(own, eq(favourites.setId, target.setId)) as SQL;
  return and(
    own,
    eq(favourites.trackId, target.trackId),
    eq(favourites.positionSeconds, target.positionSeconds),
  ) as SQL;
}

/** Adds a favourite; adding one twice changes nothing. The caller has checked visibility. */
export async function addFavourite(db: Database, userId: string, target: FavouriteTarget): Promise<void> {
  const values =
    'imageId' in target
      ? { userId, imageId: target.imageId }
      : 'setId' in target
        ? { userId, setId: target.setId }
        : {
            userId,
            trackId: target.trackId,
            positionSeconds: target.positionSeconds,
            label: target.label ?? null,
          };
  await db.insert(favourites).values(values).onConflictDoNothing();
}

/** Removes a favourite of this member (none: nothing happens). */
export async function removeFavourite(db: Database, userId: string, target: FavouriteTarget): Promise<void> {
  await db.delete(favourites).where(targetCondition(userId, target));
}

export async function countFavourites(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(favourites)
    .where(eq(favourites.userId, userId));
  return row?.n ?? 0;
}

/**
 * The member's favourite photos the viewer scope may still see (ready, visible, not hidden),
 * newest favourite first; only those of one event when `eventId` is given.
 */
export async function listVisibleFavouriteImages(
  db: Database,
  viewer: ViewerScope,
  userId: string,
  eventId?: string,
): Promise<Array<{ image: Image; event: { id: string; slug: string; title: string } }>> {
  return db
    .select({ image: images, event: { id: events.id, slug: events.slug, title: events.title } })
    .from(favourites)
    .innerJoin(images, eq(images.id, favourites.imageId))
    .innerJoin(events, eq(events.id, images.eventId))
    .where(
      and(
        eq(favourites.userId, userId),
        eq(images.status, 'ready'),
        visibleTo(viewer, images),
        eventId ? eq(images.eventId, eventId) : undefined,
      ),
    )
    .orderBy(desc(favourites.createdAt));
}

/** The member's favourite sets that are still visible to them and have a ready track. */
export async function listVisibleFavouriteSets(db: Database, viewer: ViewerScope, userId: string) {
  const visibleSetIds = db.select({ id: tracks.setId }).from(tracks).where(eq(tracks.status, 'ready'));
  return db
    .select({ set: musicSets, favouredAt: favourites.createdAt })
    .from(favourites)
    .innerJoin(musicSets, eq(musicSets.id, favourites.setId))
    .where(
      and(eq(favourites.userId, userId), visibleTo(viewer, musicSets), inArray(musicSets.id, visibleSetIds)),
    )
    .orderBy(desc(favourites.createdAt));
}

/** The member's favourite moments of ready tracks in sets still visible to them. */
export async function listVisibleFavouriteMoments(db: Database, viewer: ViewerScope, userId: string) {
  return db
    .select({
      id: favourites.id,
      trackId: tracks.id,
      trackTitle: tracks.title,
      positionSeconds: favourites.positionSeconds,
      label: favourites.label,
      setId: musicSets.id,
      setTitle: musicSets.title,
      setArtist: musicSets.artist,
      favouredAt: favourites.createdAt,
    })
    .from(favourites)
    .innerJoin(tracks, eq(tracks.id, favourites.trackId))
    .innerJoin(musicSets, eq(musicSets.id, tracks.setId))
    .where(and(eq(favourites.userId, userId), eq(tracks.status, 'ready'), visibleTo(viewer, musicSets)))
    .orderBy(desc(favourites.createdAt));
}

/** Ready photos of one event, among `ids`, that the viewer may see (a ZIP of a selection). */
export async function listVisibleImagesByIds(
  db: Database,
  viewer: ViewerScope,
  eventId: string,
  ids: string[],
): Promise<Image[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(images)
    .where(
      and(
        eq(images.eventId, eventId),
        inArray(images.id, ids),
        eq(images.status, 'ready'),
        visibleTo(viewer, images),
      ),
    )
    .orderBy(...GALLERY_ORDER);
}
