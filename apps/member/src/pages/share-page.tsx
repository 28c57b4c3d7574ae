import type { AppRouter } from '@party/api';
import {
  Alert,
  EmptyState,
  errorText,
  formatEventDate,
  formatLocale,
  GuestShell,
  Spinner,
  trpc,
  useRefetchOnError,
} from '@party/ui';
import { createTRPCClient, httpLink } from '@trpc/client';
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import superjson from 'superjson';
import { Lightbox } from '../components/lightbox';
import { PhotoGallery, type PhotoGalleryHandle } from '../components/photo-gallery';
import { appT, useT } from '../i18n';
import { PlayerProvider } from '../player/player-context';
import type { PlayerApi } from '../player/player-controller';
import {
  rememberAccess,
  rememberedAccess,
  type ShareAccess,
  ShareAccessContext,
} from '../share/share-access';
import { SetView } from './set-page';

/** Presigned URLs live 15 minutes: refresh well before, as the member gallery does. */
const URL_REFRESH_MS = 10 * 60 * 1000;

/** The player's calls for a guest: stream URLs through the share link, no position to save. */
function guestPlayerApi(access: ShareAccess): PlayerApi {
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: '/trpc', transformer: superjson })],
  });
  return {
    streamUrl: (input) =>
      client.share.streamUrl.mutate({ token: access.token, access: access.access, ...input }),
    savePosition: async () => undefined,
    describeError: errorText,
    loadFailedText: () => appT('player.loadFailed'),
  };
}

function Ended({ title, body }: { title: string; body: string }) {
  return <EmptyState title={title}>{body}</EmptyState>;
}

function PasswordForm({ token, onUnlocked }: { token: string; onUnlocked: (access: string) => void }) {
  const t = useT();
  const unlock = trpc.share.unlock.useMutation({
    onSuccess: ({ access }) => onUnlocked(access ?? ''),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    if (password) unlock.mutate({ token, password });
  };
  return (
    <section className="card card--narrow share-password" aria-labelledby="share-password-heading">
      <h1 id="share-password-heading">{t('share.passwordTitle')}</h1>
      <p className="muted">{t('share.passwordBody')}</p>
      <form className="form" onSubmit={onSubmit}>
        <label className="field">
          <span>{t('share.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required autoFocus />
        </label>
        {unlock.error && <Alert>{errorText(unlock.error)}</Alert>}
        <button type="submit" className="button button--primary" disabled={unlock.isPending}>
          {unlock.isPending ? t('share.unlocking') : t('share.unlock')}
        </button>
      </form>
    </section>
  );
}

function GuestGallery({ access }: { access: ShareAccess }) {
  const t = useT();
  const gallery = trpc.share.event.useQuery(
    { token: access.token, access: access.access },
    { staleTime: URL_REFRESH_MS / 2, refetchInterval: URL_REFRESH_MS, retry: false },
  );
  const onImageError = useRefetchOnError(gallery.refetch);
  const [index, setIndex] = useState(-1);
  const open = useCallback((to: number) => setIndex(to), []);
  const galleryRef = useRef<PhotoGalleryHandle>(null);
  // Closing the viewer (button or Esc) puts the focus back on the tile of the photo last shown.
  const close = () => {
    const shown = gallery.data?.images[index]?.id;
    setIndex(-1);
    if (shown) galleryRef.current?.focusPhoto(shown);
  };
  if (gallery.isPending) return <Spinner label={t('gallery.loading')} />;
  if (gallery.error) return <Alert>{errorText(gallery.error)}</Alert>;
  const { images } = gallery.data;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{gallery.data.title}</h1>
          <p className="muted">
            {formatEventDate(gallery.data.eventDate)}
            {gallery.data.venue ? ` · ${gallery.data.venue}` : ''}
          </p>
        </div>
      </div>
      {images.length === 0 ? (
        <EmptyState title={t('gallery.emptyTitle')}>{t('gallery.emptyBody')}</EmptyState>
      ) : (
        <PhotoGallery ref={galleryRef} images={images} onOpen={open} onImageError={onImageError} />
      )}
      {index >= 0 && index < images.length && (
        <Lightbox
          images={images}
          index={index}
          onNavigate={setIndex}
          onClose={close}
          onImageError={onImageError}
          downloads={gallery.data.allowDownload}
        />
      )}
    </>
  );
}

function GuestSet({ access }: { access: ShareAccess }) {
  const t = useT();
  const set = trpc.share.set.useQuery({ token: access.token, access: access.access }, { retry: false });
  const [api] = useState(() => guestPlayerApi(access));
  if (set.isPending) return <Spinner label={t('set.loading')} />;
  if (set.error) return <Alert>{errorText(set.error)}</Alert>;
  return (
    <PlayerProvider userId="guest" api={api}>
      <SetView set={set.data} guest={{ allowDownload: set.data.allowDownload }} />
    </PlayerProvider>
  );
}

/**
 * What a guest without an account sees at `/s/<token>`: the gallery or set the link opens, read
 * only, or a page saying in words that the link expired, was withdrawn or does not exist.
 */
export function SharePage({ token }: { token: string }) {
  const t = useT();
  const [access, setAccess] = useState(() => rememberedAccess(token));
  const open = trpc.share.open.useMutation();
  const { mutate } = open;
  // One open per page view (and per unlock), also under React's development double effects.
  const opened = useRef<string | null>(null);
  useEffect(() => {
    const key = `${token}:${access ?? ''}`;
    if (opened.current === key) return;
    opened.current = key;
    mutate({ token, access });
  }, [mutate, token, access]);

  const state = open.data;
  let body: ReactNode;
  if (open.error) body = <Alert>{errorText(open.error)}</Alert>;
  else if (!state || open.isPending) body = <Spinner label={t('share.opening')} />;
  else if (state.status === 'unknown')
    body = <Ended title={t('share.unknownTitle')} body={t('share.unknownBody')} />;
  else if (state.status === 'expired')
    body = <Ended title={t('share.expiredTitle')} body={t('share.endedBody')} />;
  else if (state.status === 'revoked')
    body = <Ended title={t('share.revokedTitle')} body={t('share.endedBody')} />;
  else if (state.status === 'password') {
    body = (
      <PasswordForm
        token={token}
        onUnlocked={(key) => {
          rememberAccess(token, key);
          setAccess(key);
        }}
      />
    );
  } else {
    const shared: ShareAccess = { token, access, allowDownload: state.allowDownload ?? false };
    body = (
      <ShareAccessContext.Provider value={shared}>
        <p className="muted small share-note">
          {t('share.note', {
            date: new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
              state.expiresAt,
            ),
          })}
        </p>
        {state.kind === 'event' ? <GuestGallery access={shared} /> : <GuestSet access={shared} />}
      </ShareAccessContext.Provider>
    );
  }
  return <GuestShell>{body}</GuestShell>;
}
