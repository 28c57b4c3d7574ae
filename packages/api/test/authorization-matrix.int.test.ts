import { randomUUID } from 'node:crypto';
import { createInvite, schema, type Visibility } from '@party/db';
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
import { createContext, type Viewer } from '../src/context';
import { appRouter, createCaller } from '../src/root';
import { callerFor, MEDIA_TOKEN_KEY, PUBLIC_URL, postAuth, testAuth } from './helpers';

/*
 * Every procedure of `appRouter` × every kind of viewer × every visibility of the item it touches,
 * against one table: a row per procedure (its access class and how to build its input), the
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
const VISIBILITIES = ['draft', 'attendees', 'members'] as const satisfies readonly Visibility[];

/** What a call came to: an answer, whether a listing shows the fixture's item, or a tRPC error code. */
type Outcome =
  | 'ok'
  | 'null'
  | 'listed'
  | 'absent'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'PRECONDITION_FAILED';

const signedIn = (viewer: ViewerName) => viewer !== 'anonymous' && viewer !== 'disabled';
const isAdmin = (viewer: ViewerName) => viewer === 'admin' || viewer === 'secondAdmin';

/** The visibility rule of README and `visibleTo`: admins all, members `members`, attendees their event's. */
function sees(viewer: ViewerName, visibility: Visibility): boolean {
  if (isAdmin(viewer) || visibility === 'members') return true;
  return visibility === 'attendees' && viewer === 'attendee';
}

// ---------------------------------------------------------------------------------------------
// Viewers

const asViewer = (row: { id: string; email: string; name: string; role: 'admin' | 'member' }): Viewer => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
});
const users = {
  member: await seedUser(db),
  attendee: await seedUser(db),
  otherAttendee: await seedUser(db),
  admin: await seedUser(db, { role: 'admin' }),
  secondAdmin: await seedUser(db, { role: 'admin' }),
};
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
  if (viewer === 'anonymous') return callerFor(db, null, { storage, jobs, delivery });
  if (viewer === 'disabled') return createCaller(await contextFor(disabledCookie));
  return callerFor(db, asViewer(users[viewer]), { storage, jobs, delivery });
}

// ---------------------------------------------------------------------------------------------
// Fixtures: an event (its attendee attends), a photo, a music set of the event with a ready track

type MusicSetRow = typeof schema.musicSets.$inferSelect;
type TrackRow = typeof schema.tracks.$inferSelect;

interface Fixture {
  visibility: Visibility;
  event: EventRow;
  image: ImageRow;
  set: MusicSetRow;
  track: TrackRow;
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

async function buildFixture(visibility: Visibility): Promise<Fixture> {
  const event = await seedEvent(db);
  await db.insert(schema.eventAttendees).values({ eventId: event.id, userId: users.attendee.id });
  const image = await seedImage(db, { eventId: event.id, visibility, allowOriginalDownload: false });
  const set = await seedSet(event.id, visibility);
  const track = await seedTrack(set.id, 'ready');
  return { visibility, event, image, set, track };
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
  | 'admin';

interface Row {
  access: Access;
  input?: (f: Fixture) => unknown;
  /** For listings: the id that appears in the answer when the item is listed, and nowhere otherwise. */
  item?: (f: Fixture) => string;
  /** How a successful answer reads, where 'ok' says too little. */
  answer?: (result: unknown) => Outcome;
  /** Outcomes that differ from the rule, each with its reason. */
  except?: (viewer: ViewerName, visibility: Visibility) => Outcome | undefined;
}

const TABLE: Record<string, Row> = {
  'account.me': {
    access: 'public',
    answer: (me) => (me === null ? 'null' : 'ok'),
    // Not an error: the SPAs show the sign-in page on null. A disabled account must get null too.
    except: (viewer) => (signedIn(viewer) ? undefined : 'null'),
  },
  'invites.check': { access: 'public', input: async () => ({ token: (await openInvite()).token }) },

  'events.list': { access: 'listing', item: (f) => f.event.id },
  'events.bySlug': { access: 'visible-item', input: (f) => ({ slug: f.event.slug }) },
  'images.list': { access: 'listing', input: (f) => ({ eventId: f.event.id }), item: (f) => f.image.id },
  'images.download': {
    access: 'visible-item',
    input: (f) => ({ id: f.image.id, kind: 'original' }),
    // The fixture's original is not offered: a member who sees the photo is refused, after (never
    // before) the visibility check, so a hidden photo stays NOT_FOUND.
    except: (viewer, visibility) =>
      signedIn(viewer) && !isAdmin(viewer) && sees(viewer, visibility) ? 'FORBIDDEN' : undefined,
  },
  'musicSets.list': { access: 'listing', input: (f) => ({ query: f.set.title }), item: (f) => f.set.id },
  'musicSets.byId': { access: 'visible-item', input: (f) => ({ id: f.set.id }) },
  'tracks.streamUrl': { access: 'visible-item', input: (f) => ({ trackId: f.track.id, tier: 'high' }) },
  'tracks.downloadUrl': { access: 'visible-item', input: (f) => ({ trackId: f.track.id, kind: 'original' }) },
  'tracks.savePosition': {
    access: 'visible-item',
    input: (f) => ({ trackId: f.track.id, positionSeconds: 42 }),
  },

  'admin.events.list': { access: 'admin', item: (f) => f.event.id },
  'admin.events.byId': { access: 'admin', input: (f) => ({ id: f.event.id }) },
  'admin.events.create': {
    access: 'admin',
    input: () => ({ title: 'New night', slug: `new-${randomUUID().slice(0, 8)}`, eventDate: '2026-12-31' }),
  },
  'admin.events.update': { access: 'admin', input: (f) => ({ id: f.event.id, title: 'Renamed night' }) },
  // An event with photos cannot be deleted: an empty one of its own.
  'admin.events.delete': { access: 'admin', input: async () => ({ id: (await seedEvent(db)).id }) },
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
  'admin.images.setCover': { access: 'admin', input: (f) => ({ eventId: f.event.id, imageId: f.image.id }) },
  // Only a failed photo can be retried: one of its own, in the fixture's event.
  'admin.images.retry': {
    access: 'admin',
    input: async (f) => ({
      id: (await seedImage(db, { eventId: f.event.id, visibility: f.visibility, status: 'failed' })).id,
    }),
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

  'admin.members.list': { access: 'admin', item: () => users.member.id },
  // Never one of the matrix's viewers: a fresh account.
  'admin.members.setDisabled': {
    access: 'admin',
    input: async () => ({ userId: (await seedUser(db)).id, disabled: true }),
  },

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

/** The one rule: what `viewer` gets from a procedure of this row on an item with `visibility`. */
function expectedOutcome(row: Row, viewer: ViewerName, visibility: Visibility): Outcome {
  const exception = row.except?.(viewer, visibility);
  if (exception) return exception;
  const granted: Outcome = row.item ? 'listed' : 'ok';
  if (row.access === 'public') return granted;
  if (!signedIn(viewer)) return 'UNAUTHORIZED';
  if (row.access === 'admin') return isAdmin(viewer) ? granted : 'FORBIDDEN';
  const visible = sees(viewer, visibility);
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
  it('covers the 41 procedures of today, and no row names a procedure that is gone', () => {
    expect(PATHS.length).toBeGreaterThanOrEqual(41);
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
    for (const visibility of VISIBILITIES) {
      const shared = mutation ? undefined : await buildFixture(visibility);
      for (const viewer of VIEWERS) {
        const fixture = shared ?? (await buildFixture(visibility));
        const key = `${viewer} × ${visibility}`;
        expected[key] = expectedOutcome(row, viewer, visibility);
        actual[key] = await outcomeOf(row, path, viewer, fixture);
      }
    }
    expect(actual).toEqual(expected);
  });
});
