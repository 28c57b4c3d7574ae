import { randomUUID } from 'node:crypto';
import {
  createInvite,
  createShareLink,
  listEventImagesForAdmin,
  requestTakedown,
  schema,
  type Visibility,
} from '@party/db';
import { createMediaDelivery } from '@party/storage';
import {
  type EventRow,
  type ImageRow,
  recordingJobQueue,
  seedEvent,
  seedImage,
  seedUser,
  useS3Emulator,
  useTestDatabase,
} from '@party/testing';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createUserWithPassword } from '../src/auth/create-user';
import { generateInviteToken } from '../src/auth/invite-token';
import { createContext } from '../src/context';
import { appRouter, createCaller } from '../src/root';
import { generateShareToken } from '../src/share/share-secrets';
import { asViewer, callerFor, MEDIA_TOKEN_KEY, PUBLIC_URL, postAuth, testAuth } from './helpers';

/*
 * Every procedure of `appRouter` × every kind of viewer × every state of the item it touches (the
 * three visibilities, and a photo hidden by a takedown), against one table: a row per procedure (its access class and how to build its input), the
 * expected outcome derived by `expectedOutcome`. A procedure without a row fails its test.
 */

const { db } = await useTestDatabase();
const s3 = await useS3Emulator();
const storage = { client: s3.client, bucket: s3.bucket };
const jobs = recordingJobQueue();
const delivery = createMediaDelivery({ mode: 'presigned', ...storage, tokenKey: MEDIA_TOKEN_KEY });
const auth = testAuth(db);

const VIEWERS = [
  'anonymous',
  'member',
  'attendee',
  'otherAttendee',
  'admin',
  'secondAdmin',
  'disabled',
] as const;
type ViewerName = (typeof VIEWERS)[number];
/**
 * The states a fixture comes in: each visibility, and `hidden`: a `members` photo that a member
 * asked to hide ("This is me — hide it"), the only photo of its event, next to a draft set. Admins
 * see all of it; nobody else sees anything of that event, so a listing count, a cover or a URL
 * that still let the photo through shows up as a wrong outcome.
 */
const STATES = ['draft', 'attendees', 'members', 'hidden'] as const;
type State = (typeof STATES)[number];

/** What a call came to: an answer, whether a listing shows the fixture's item, or a tRPC error code. */
type Outcome =
  | 'ok'
  | 'null'
  | 'listed'
  | 'absent'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'PRECONDITION_FAILED';

const signedIn = (viewer: ViewerName) => viewer !== 'anonymous' && viewer !== 'disabled';
const isAdmin = (viewer: ViewerName) => viewer === 'admin' || viewer === 'secondAdmin';

/**
 * The visibility rule of README and `visibleTo`: admins all, members `members`, attendees their
 * event's, and a photo hidden by a takedown nobody but admins.
 */
function sees(viewer: ViewerName, state: State): boolean {
  if (isAdmin(viewer)) return true;
  if (state === 'hidden') return false;
  return state === 'members' || (state === 'attendees' && viewer === 'attendee');
}

// ---------------------------------------------------------------------------------------------
// Viewers

const users = {
  member: await seedUser(db),
  attendee: await seedUser(db),
  otherAttendee: await seedUser(db),
  admin: await seedUser(db, { role: 'admin' }),
  secondAdmin: await seedUser(db, { role: 'admin' }),
};
/** Linked as the DJ of every fixture set (`listening.setStats`). */
const DJ = 'attendee' satisfies ViewerName;
/** Asks for the takedowns of the `hidden` fixtures; never one of the matrix's viewers. */
const requester = await seedUser(db);
const otherEvent = await seedEvent(db);
await db.insert(schema.eventAttendees).values({ eventId: otherEvent.id, userId: users.otherAttendee.id });

/** A context the way the server builds it for a request carrying this cookie. */
const contextFor = (cookie: string) =>
  createContext({
    db,
    auth,
    delivery,
    storage,
    jobs,
    publicUrl: PUBLIC_URL,
    headers: new Headers({ cookie }),
  });

/** Signs in with a password through better-auth; returns the session cookie. */
async function signIn(email: string, password: string, ip: string): Promise<string> {
  const response = await postAuth(auth, '/sign-in/email', { email, password }, { ip });
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
}

// The disabled account takes the real path: a password account with a live session, then disabled
// by an admin; from then on its cookie resolves to no viewer.
const disabledEmail = 'disabled@test.local';
const { id: disabledId } = await createUserWithPassword(auth, {
  email: disabledEmail,
  password: 'disabled-password',
  name: 'Disabled',
  role: 'member',
});
const disabledCookie = await signIn(disabledEmail, 'disabled-password', '198.51.100.20');
const disabledBefore = (await contextFor(disabledCookie)).viewer;
await callerFor(db, asViewer(users.admin)).admin.members.setDisabled({ userId: disabledId, disabled: true });

async function callerOf(viewer: ViewerName) {
  const integration = { webhooks: true, pull: true };
  if (viewer === 'anonymous') return callerFor(db, null, { storage, jobs, delivery, integration });
  if (viewer === 'disabled') return createCaller(await contextFor(disabledCookie));
  return callerFor(db, asViewer(users[viewer]), { storage, jobs, delivery, integration });
}

// ---------------------------------------------------------------------------------------------
// Fixtures: an event (its attendee attends), a photo, a music set of the event with a ready track

type MusicSetRow = typeof schema.musicSets.$inferSelect;
type TrackRow = typeof schema.tracks.$inferSelect;

interface Fixture {
  state: State;
  /** Of the set and track (and of the photo, except that a `hidden` one is a hidden `members` photo). */
  visibility: Visibility;
  event: EventRow;
  image: ImageRow;
  set: MusicSetRow;
  track: TrackRow;
  /** Share links (downloads allowed) to the fixture's event and to its set. */
  eventLink: { id: string; token: string };
  setLink: { id: string; token: string };
}

async function seedShareLink(target: { eventId: string } | { setId: string }) {
  const { token, tokenHash } = generateShareToken();
  const link = await createShareLink(db, {
    ...target,
    tokenHash,
    allowDownload: true,
    expiresAt: new Date(Date.now() + 86_400_000),
    createdBy: users.admin.id,
    createdAt: new Date(),
  });
  return { id: link.id, token };
}

async function seedSet(eventId: string, visibility: Visibility): Promise<MusicSetRow> {
  const [set] = await db
    .insert(schema.musicSets)
    .values({
      title: `Set ${randomUUID().slice(0, 8)}`,
      artist: 'DJ Matrix',
      eventId,
      visibility,
      coverKey: `derived/sets/${randomUUID()}/cover.webp`,
      djUserId: users[DJ].id,
      createdBy: users.admin.id,
    })
    .returning();
  if (!set) throw new Error('no set');
  return set;
}

async function seedTrack(setId: string, status: 'ready' | 'failed'): Promise<TrackRow> {
  const [track] = await db
    .insert(schema.tracks)
    .values({
      setId,
      position: 1,
      title: 'Opening',
      status,
      originalKey: `originals/${randomUUID()}`,
      originalName: 'opening.flac',
      container: 'FLAC',
      bytes: 1000,
      durationSeconds: 600,
    })
    .returning();
  if (!track) throw new Error('no track');
  return track;
}

async function hideByTakedown(image: ImageRow): Promise<string> {
  // The matrix builds hundreds of fixtures with one requester: the daily limit has its own test.
  const result = await requestTakedown(db, {
    image,
    requesterId: requester.id,
    reason: 'This is me',
    limitPerDay: Number.MAX_SAFE_INTEGER,
  });
  if (!result.ok) throw new Error('takedown refused');
  return result.request.id;
}

/** Every account favours the fixture's photo, set and a moment of its track (for `favourites.list`). */
async function favourEverything(f: Fixture): Promise<void> {
  for (const { id } of await db.select({ id: schema.user.id }).from(schema.user)) {
    await db
      .insert(schema.favourites)
      .values([
        { userId: id, imageId: f.image.id },
        { userId: id, setId: f.set.id },
        { userId: id, trackId: f.track.id, positionSeconds: 62, label: 'A – B' },
      ])
      .onConflictDoNothing();
  }
}

async function buildFixture(state: State): Promise<Fixture> {
  const visibility: Visibility = state === 'hidden' ? 'draft' : state;
  const event = await seedEvent(db);
  await db.insert(schema.eventAttendees).values({ eventId: event.id, userId: users.attendee.id });
  const image = await seedImage(db, {
    eventId: event.id,
    visibility: state === 'hidden' ? 'members' : visibility,
    allowOriginalDownload: false,
  });
  // The cover names the photo outright: a hidden cover must still not reach a member.
  await db.update(schema.events).set({ coverImageId: image.id }).where(eq(schema.events.id, event.id));
  if (state === 'hidden') await hideByTakedown(image);
  const set = await seedSet(event.id, visibility);
  const track = await seedTrack(set.id, 'ready');
  const eventLink = await seedShareLink({ eventId: event.id });
  const setLink = await seedShareLink({ setId: set.id });
  return { state, visibility, event, image, set, track, eventLink, setLink };
}

/** A comment on the fixture's track by someone who is none of the matrix's viewers. */
async function seedComment(f: Fixture): Promise<string> {
  const [row] = await db
    .insert(schema.trackComments)
    .values({ trackId: f.track.id, userId: requester.id, atSeconds: 5, body: 'Seeded comment' })
    .returning();
  if (!row) throw new Error('no comment');
  return row.id;
}

/** A report of a seeded comment, by its own reporter. */
async function seedReport(f: Fixture): Promise<string> {
  const commentId = await seedComment(f);
  const [row] = await db
    .insert(schema.commentReports)
    .values({ commentId, reporterId: users.member.id, reason: 'matrix' })
    .returning();
  if (!row) throw new Error('no report');
  return row.id;
}

async function openInvite() {
  const { token, tokenHash } = generateInviteToken();
  const invite = await createInvite(db, {
    tokenHash,
    role: 'member',
    createdBy: users.admin.id,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return { token, id: invite.id };
}

// ---------------------------------------------------------------------------------------------
// The table

type Access =
  /** Anyone, with or without a session. */
  | 'public'
  /** Signed in, and the fixture's item must be visible to the viewer: NOT_FOUND otherwise. */
  | 'visible-item'
  /** Signed in; the fixture's item is listed when visible to the viewer and absent otherwise. */
  | 'listing'
  /** Admins only: FORBIDDEN for members. */
  | 'admin'
  /** Signed in, about the viewer's own account. */
  | 'signed-in'
  /**
   * The set's statistics: admins, and the member linked as the set's DJ (the attendee) where
   * the set is visible to them; NOT_FOUND where it is not, FORBIDDEN for other members who see it.
   */
  | 'set-dj'
  /**
   * A guest's share token, whoever calls (a session plays no part): the linked item when it is not
   * a draft, NOT_FOUND otherwise (a listing: listed or absent).
   */
  | 'share-token';

interface Row {
  access: Access;
  input?: (f: Fixture) => unknown;
  /** For listings: the id that appears in the answer when the item is listed, and nowhere otherwise. */
  item?: (f: Fixture) => string;
  /** How a successful answer reads, where 'ok' says too little. */
  answer?: (result: unknown) => Outcome;
  /** Outcomes that differ from the rule, each with its reason. */
  except?: (viewer: ViewerName, state: State) => Outcome | undefined;
}

const TABLE: Record<string, Row> = {
  'account.me': {
    access: 'public',
    answer: (me) => (me === null ? 'null' : 'ok'),
    // Not an error: the SPAs show the sign-in page on null. A disabled account must get null too.
    except: (viewer) => (signedIn(viewer) ? undefined : 'null'),
  },
  'invites.check': { access: 'public', input: async () => ({ token: (await openInvite()).token }) },
  'account.privacy': { access: 'signed-in' },
  'account.setPhotoConsent': { access: 'signed-in', input: () => ({ photoConsent: 'ask-first' }) },
  'account.setMailNotices': { access: 'signed-in', input: () => ({ on: true }) },
  'account.takedowns': { access: 'signed-in' },
  'account.export': { access: 'signed-in' },
  'account.delete': {
    access: 'signed-in',
    // Never one of the matrix's viewers for real: a wrong confirmation proves who gets this far.
    input: () => ({ confirmEmail: 'not-my-address@test.local' }),
    except: (viewer) => (signedIn(viewer) ? 'BAD_REQUEST' : undefined),
  },

  // The page of a link answers for any link, also one to a draft: it says whether the link opens.
  'share.open': { access: 'public', input: (f) => ({ token: f.eventLink.token }) },
  'share.unlock': { access: 'public', input: (f) => ({ token: f.setLink.token, password: 'none-needed' }) },
  // The gallery of an event whose photos are all drafts is empty, not missing.
  'share.event': {
    access: 'share-token',
    input: (f) => ({ token: f.eventLink.token }),
    item: (f) => f.image.id,
  },
  'share.imageDownload': {
    access: 'share-token',
    input: (f) => ({ token: f.eventLink.token, imageId: f.image.id, kind: 'preview' }),
  },
  'share.set': { access: 'share-token', input: (f) => ({ token: f.setLink.token }) },
  'share.streamUrl': {
    access: 'share-token',
    input: (f) => ({ token: f.setLink.token, trackId: f.track.id }),
  },
  'share.trackDownload': {
    access: 'share-token',
    input: (f) => ({ token: f.setLink.token, trackId: f.track.id, kind: 'original' }),
  },

  'events.list': { access: 'listing', item: (f) => f.event.id },
  'events.bySlug': { access: 'visible-item', input: (f) => ({ slug: f.event.slug }) },
  'images.list': { access: 'listing', input: (f) => ({ eventId: f.event.id }), item: (f) => f.image.id },
  'images.download': {
    access: 'visible-item',
    input: (f) => ({ id: f.image.id, kind: 'original' }),
    // The fixture's original is not offered: a member who sees the photo is refused, after (never
    // before) the visibility check, so a hidden photo stays NOT_FOUND.
    except: (viewer, state) =>
      signedIn(viewer) && !isAdmin(viewer) && sees(viewer, state) ? 'FORBIDDEN' : undefined,
  },
  // Asking to hide a photo takes seeing it: a hidden photo cannot be probed by asking again.
  'images.hide': { access: 'visible-item', input: (f) => ({ id: f.image.id, reason: 'This is me' }) },
  'musicSets.list': { access: 'listing', input: (f) => ({ query: f.set.title }), item: (f) => f.set.id },
  'musicSets.byId': { access: 'visible-item', input: (f) => ({ id: f.set.id }) },
  'tracks.streamUrl': { access: 'visible-item', input: (f) => ({ trackId: f.track.id, tier: 'high' }) },
  'tracks.downloadUrl': { access: 'visible-item', input: (f) => ({ trackId: f.track.id, kind: 'original' }) },
  'tracks.savePosition': {
    access: 'visible-item',
    input: (f) => ({ trackId: f.track.id, positionSeconds: 42 }),
  },

  'comments.list': { access: 'visible-item', input: (f) => ({ trackId: f.track.id }) },
  'comments.create': {
    access: 'visible-item',
    input: (f) => ({ trackId: f.track.id, atSeconds: 10, body: 'What a moment' }),
  },
  // Someone else's comment: whoever sees it may not rewrite it, admins included.
  'comments.update': {
    access: 'visible-item',
    input: async (f) => ({ id: await seedComment(f), body: 'Rewritten' }),
    except: (viewer, state) => (signedIn(viewer) && sees(viewer, state) ? 'FORBIDDEN' : undefined),
  },
  // Someone else's comment: admins delete it, members who see it may not.
  'comments.delete': {
    access: 'visible-item',
    input: async (f) => ({ id: await seedComment(f) }),
    except: (viewer, state) =>
      signedIn(viewer) && !isAdmin(viewer) && sees(viewer, state) ? 'FORBIDDEN' : undefined,
  },
  'comments.report': { access: 'visible-item', input: async (f) => ({ id: await seedComment(f) }) },
  // A report never fails for a track out of sight: the entry is dropped and the answer says so.
  'listening.report': {
    access: 'signed-in',
    input: (f) => ({
      batchId: randomUUID(),
      entries: [
        { trackId: f.track.id, at: new Date(), started: true, qualified: false, fraction: 0.1, minutes: [] },
      ],
    }),
    answer: (result) =>
      result && typeof result === 'object' && Reflect.get(result, 'applied') === 1 ? 'ok' : 'absent',
    except: (viewer, state) => (signedIn(viewer) && !sees(viewer, state) ? 'absent' : undefined),
  },

  'admin.comments.setEnabled': { access: 'admin', input: (f) => ({ setId: f.set.id, enabled: false }) },
  'admin.comments.reports': { access: 'admin', input: (f) => ({ setId: f.set.id }) },
  'admin.comments.dismissReport': { access: 'admin', input: async (f) => ({ id: await seedReport(f) }) },
  'admin.listening.setStats': { access: 'admin', input: (f) => ({ setId: f.set.id, days: 30 }) },
  // Every fixture set has the attendee linked as its DJ: admins, and the DJ where the set is visible.
  'listening.setStats': { access: 'set-dj', input: (f) => ({ setId: f.set.id, days: 30 }) },

  // Favourites of what the viewer can no longer see are left out, not reported.
  'favourites.list': {
    access: 'listing',
    input: async (f) => {
      await favourEverything(f);
      return undefined;
    },
    item: (f) => f.image.id,
  },
  'favourites.add': { access: 'visible-item', input: (f) => ({ imageId: f.image.id }) },
  // Removing one's own favourite needs no visibility: it only ever deletes the caller's own row.
  'favourites.remove': { access: 'signed-in', input: (f) => ({ imageId: f.image.id }) },

  'admin.events.list': { access: 'admin', item: (f) => f.event.id },
  'admin.events.byId': { access: 'admin', input: (f) => ({ id: f.event.id }) },
  'admin.events.create': {
    access: 'admin',
    input: () => ({ title: 'New night', slug: `new-${randomUUID().slice(0, 8)}`, eventDate: '2026-12-31' }),
  },
  'admin.events.update': { access: 'admin', input: (f) => ({ id: f.event.id, title: 'Renamed night' }) },
  // An event with photos cannot be deleted: an empty one of its own.
  'admin.events.delete': { access: 'admin', input: async () => ({ id: (await seedEvent(db)).id }) },
  'admin.events.consentSummary': { access: 'admin', input: (f) => ({ id: f.event.id }) },
  // Only an event the ticketing backend removed while it had photos can be kept: one of its own.
  'admin.events.keepAsLocal': {
    access: 'admin',
    input: async () => ({
      id: (await seedEvent(db, { externalId: `gone-${randomUUID()}`, removedUpstreamAt: new Date() })).id,
    }),
  },
  'admin.events.attendees.pending': { access: 'admin', input: (f) => ({ id: f.event.id }) },
  'admin.events.attendees.list': {
    access: 'admin',
    input: (f) => ({ id: f.event.id }),
    item: () => users.attendee.id,
  },
  'admin.events.attendees.add': {
    access: 'admin',
    input: (f) => ({ eventId: f.event.id, emails: users.member.email }),
  },
  'admin.events.attendees.remove': {
    access: 'admin',
    input: (f) => ({ eventId: f.event.id, userId: users.attendee.id }),
  },

  'admin.images.list': { access: 'admin', input: (f) => ({ eventId: f.event.id }), item: (f) => f.image.id },
  'admin.images.setVisibility': {
    access: 'admin',
    input: (f) => ({ ids: [f.image.id], visibility: 'members' }),
  },
  'admin.images.setOriginalDownload': { access: 'admin', input: (f) => ({ ids: [f.image.id], allow: true }) },
  'admin.images.delete': { access: 'admin', input: (f) => ({ ids: [f.image.id] }) },
  // The fixture event's whole list, in the order it has (a partial list is refused as stale).
  'admin.images.reorder': {
    access: 'admin',
    input: async (f) => ({
      eventId: f.event.id,
      ids: (await listEventImagesForAdmin(db, f.event.id)).map((image) => image.id).reverse(),
    }),
  },
  'admin.images.sort': { access: 'admin', input: (f) => ({ eventId: f.event.id, by: 'fileName' }) },
  'admin.images.setCover': { access: 'admin', input: (f) => ({ eventId: f.event.id, imageId: f.image.id }) },
  // Only a failed photo can be retried: one of its own, in the fixture's event.
  'admin.images.retry': {
    access: 'admin',
    input: async (f) => ({
      id: (await seedImage(db, { eventId: f.event.id, visibility: f.visibility, status: 'failed' })).id,
    }),
  },

  'admin.takedowns.list': { access: 'admin', input: () => ({ show: 'all' }) },
  'admin.takedowns.decide': {
    access: 'admin',
    input: async (f) => ({ id: await hideByTakedown(f.image), decision: 'restore', note: 'Not you, sorry' }),
  },
  'admin.downloads.list': { access: 'admin', input: (f) => ({ imageId: f.image.id }) },

  'admin.integration.status': { access: 'admin' },
  // One sync at a time: the run a previous case queued is closed first (its job never runs here).
  'admin.integration.syncNow': {
    access: 'admin',
    input: async () => {
      await db.update(schema.ticketingSyncRuns).set({ status: 'failed' });
      return undefined;
    },
  },
  'admin.invites.create': { access: 'admin', input: () => ({ role: 'member' }) },
  'admin.invites.createList': { access: 'admin', input: () => ({ addresses: 'matrix@x.example' }) },
  'admin.invites.list': { access: 'admin' },
  'admin.invites.revoke': { access: 'admin', input: async () => ({ id: (await openInvite()).id }) },

  'admin.mail.status': { access: 'admin' },
  // These callers have no mail services (mail off): an admin learns there is no local mailbox.
  'admin.mail.caught': {
    access: 'admin',
    except: (viewer) => (isAdmin(viewer) ? 'PRECONDITION_FAILED' : undefined),
  },

  'admin.system.overview': { access: 'admin' },
  // These callers have no queue inspector (as a server that cannot reach pg-boss): admins learn so.
  'admin.system.retryFailed': {
    access: 'admin',
    input: () => ({ kind: 'process-image' }),
    except: (viewer) => (isAdmin(viewer) ? 'PRECONDITION_FAILED' : undefined),
  },
  'admin.system.checkStorage': { access: 'admin' },
  'admin.overview.summary': { access: 'admin' },

  'admin.members.list': { access: 'admin', item: () => users.member.id },
  // Never one of the matrix's viewers: a fresh account.
  'admin.members.setDisabled': {
    access: 'admin',
    input: async () => ({ userId: (await seedUser(db)).id, disabled: true }),
  },

  'admin.members.export': { access: 'admin', input: () => ({ userId: users.member.id }) },
  'admin.members.delete': { access: 'admin', input: async () => ({ userId: (await seedUser(db)).id }) },

  'admin.shareLinks.create': { access: 'admin', input: (f) => ({ eventId: f.event.id }) },
  'admin.shareLinks.list': {
    access: 'admin',
    input: (f) => ({ setId: f.set.id }),
    item: (f) => f.setLink.id,
  },
  'admin.shareLinks.opens': { access: 'admin', input: (f) => ({ id: f.eventLink.id }) },
  'admin.shareLinks.revoke': { access: 'admin', input: (f) => ({ id: f.eventLink.id }) },

  'admin.musicSets.list': { access: 'admin', item: (f) => f.set.id },
  'admin.musicSets.byId': { access: 'admin', input: (f) => ({ id: f.set.id }) },
  'admin.musicSets.create': {
    access: 'admin',
    input: (f) => ({ title: 'New set', artist: 'DJ New', eventId: f.event.id, visibility: f.visibility }),
  },
  'admin.musicSets.update': { access: 'admin', input: (f) => ({ id: f.set.id, title: 'Renamed set' }) },
  'admin.musicSets.removeCover': { access: 'admin', input: (f) => ({ id: f.set.id }) },
  // A set with tracks cannot be deleted: an empty one of its own, in the fixture's event.
  'admin.musicSets.delete': {
    access: 'admin',
    input: async (f) => ({ id: (await seedSet(f.event.id, f.visibility)).id }),
  },

  'admin.tracks.update': { access: 'admin', input: (f) => ({ id: f.track.id, title: 'Renamed track' }) },
  'admin.tracks.reorder': { access: 'admin', input: (f) => ({ setId: f.set.id, trackIds: [f.track.id] }) },
  'admin.tracks.setTracklist': {
    access: 'admin',
    input: (f) => ({ trackId: f.track.id, text: '0:00 Artist - Title' }),
  },
  'admin.tracks.delete': { access: 'admin', input: (f) => ({ id: f.track.id }) },
  'admin.tracks.retry': {
    access: 'admin',
    input: async (f) => ({ id: (await seedTrack(f.set.id, 'failed')).id }),
  },
};

/** The one rule: what `viewer` gets from a procedure of this row on an item in `state`. */
function expectedOutcome(row: Row, viewer: ViewerName, state: State): Outcome {
  const exception = row.except?.(viewer, state);
  if (exception) return exception;
  const granted: Outcome = row.item ? 'listed' : 'ok';
  if (row.access === 'public') return granted;
  if (row.access === 'share-token') {
    // Guests see what is published and not hidden; the `hidden` fixture is a draft set and a hidden photo.
    const published = state === 'attendees' || state === 'members';
    if (row.item) return published ? 'listed' : 'absent';
    return published ? granted : 'NOT_FOUND';
  }
  if (!signedIn(viewer)) return 'UNAUTHORIZED';
  if (row.access === 'signed-in') return granted;
  if (row.access === 'admin') return isAdmin(viewer) ? granted : 'FORBIDDEN';
  if (row.access === 'set-dj') {
    if (isAdmin(viewer)) return granted;
    if (!sees(viewer, state)) return 'NOT_FOUND';
    return viewer === DJ ? granted : 'FORBIDDEN';
  }
  const visible = sees(viewer, state);
  if (row.access === 'listing') return visible ? 'listed' : 'absent';
  return visible ? 'ok' : 'NOT_FOUND';
}

// ---------------------------------------------------------------------------------------------
// Running a case

/** The procedures as tRPC flattened them: `admin.events.attendees.add` → its procedure. */
const procedures: Record<string, unknown> = appRouter._def.procedures;
const PATHS = Object.keys(procedures).sort();

function procedureType(path: string): unknown {
  const procedure = procedures[path];
  const def: unknown = typeof procedure === 'function' ? Reflect.get(procedure, '_def') : undefined;
  return typeof def === 'object' && def !== null ? Reflect.get(def, 'type') : undefined;
}

/** Calls the procedure at `path` on a caller, the way `caller.a.b.c(input)` does. */
function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split('.')) {
    if (typeof target !== 'function' && (typeof target !== 'object' || target === null)) break;
    target = Reflect.get(target, part);
  }
  if (typeof target !== 'function') throw new Error(`the caller has no procedure ${path}`);
  return Promise.resolve(target(input));
}

async function outcomeOf(row: Row, path: string, viewer: ViewerName, fixture: Fixture): Promise<string> {
  const input = await row.input?.(fixture);
  try {
    const result = await callPath(await callerOf(viewer), path, input);
    if (row.item) return JSON.stringify(result).includes(row.item(fixture)) ? 'listed' : 'absent';
    return row.answer?.(result) ?? 'ok';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe('authorization matrix', () => {
  it('covers the 52 procedures of today, and no row names a procedure that is gone', () => {
    expect(PATHS.length).toBeGreaterThanOrEqual(52);
    expect(Object.keys(TABLE).filter((path) => !(path in procedures))).toEqual([]);
  });

  it('gives the disabled account no viewer, though it had one before it was disabled', async () => {
    expect(disabledBefore).toMatchObject({ id: disabledId, role: 'member' });
    expect((await contextFor(disabledCookie)).viewer).toBeNull();
  });

  it('resolves no viewer for a disabled account even while its session row survives', async () => {
    const { id } = await createUserWithPassword(auth, {
      email: 'flagged@test.local',
      password: 'flagged-password',
      name: 'Flagged',
      role: 'admin',
    });
    const cookie = await signIn('flagged@test.local', 'flagged-password', '198.51.100.21');
    // Not through `setUserDisabled` (which also ends the sessions): the flag alone must suffice.
    await db.update(schema.user).set({ disabled: true }).where(eq(schema.user.id, id));
    expect(await db.select().from(schema.session).where(eq(schema.session.userId, id))).toHaveLength(1);
    const caller = createCaller(await contextFor(cookie));
    await expect(caller.admin.members.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it.each(PATHS)('%s', async (path) => {
    const row = TABLE[path];
    if (!row) {
      throw new Error(`${path} has no row in the authorization table: add its access class and input.`);
    }
    if (row.access === 'listing' && !row.item) throw new Error(`${path} is a listing without an item`);
    // A mutation changes its fixture (deletes, renames, detaches): a fresh one for every case.
    const mutation = procedureType(path) === 'mutation';
    const expected: Record<string, Outcome> = {};
    const actual: Record<string, string> = {};
    for (const state of STATES) {
      const shared = mutation ? undefined : await buildFixture(state);
      for (const viewer of VIEWERS) {
        const fixture = shared ?? (await buildFixture(state));
        const key = `${viewer} × ${state}`;
        expected[key] = expectedOutcome(row, viewer, state);
        actual[key] = await outcomeOf(row, path, viewer, fixture);
      }
    }
    expect(actual).toEqual(expected);
  });

  describe('share tokens reach only what their link opens', () => {
    it('an event link reads neither another event nor any set', async () => {
      const a = await buildFixture('members');
      const b = await buildFixture('members');
      const guest = await callerOf('anonymous');
      const token = a.eventLink.token;
      await expect(
        guest.share.imageDownload({ token, imageId: b.image.id, kind: 'preview' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(guest.share.set({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      for (const trackId of [a.track.id, b.track.id]) {
        await expect(guest.share.streamUrl({ token, trackId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(guest.share.trackDownload({ token, trackId, kind: 'original' })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      }
      const gallery = await guest.share.event({ token });
      expect(gallery.images.map((i) => i.id)).toEqual([a.image.id]);
    });

    it('a set link hears no other set and sees no gallery', async () => {
      const a = await buildFixture('members');
      const b = await buildFixture('members');
      const guest = await callerOf('member');
      const token = a.setLink.token;
      await expect(guest.share.streamUrl({ token, trackId: b.track.id })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(guest.share.event({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        guest.share.imageDownload({ token, imageId: a.image.id, kind: 'preview' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await guest.share.set({ token })).id).toBe(a.set.id);
    });

    it('a session adds nothing to a token: an admin holding a draft set’s link gets NOT_FOUND too', async () => {
      const draft = await buildFixture('draft');
      const asAdmin = await callerOf('admin');
      await expect(asAdmin.share.set({ token: draft.setLink.token })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });
});
