import { errorText, type RouterOutputs, trpc } from '@party/ui';
import { useT } from '../i18n';
import { useShareAccess } from '../share/share-access';

type GalleryImage = RouterOutputs['images']['list'][number];

/**
 * Downloads go through a fresh presigned URL whose response says "attachment", so the browser
 * saves the file and the page stays where it is.
 */
export function DownloadButtons({ image }: { image: GalleryImage }) {
  const t = useT();
  const share = useShareAccess();
  const save = { onSuccess: ({ url }: { url: string }) => window.location.assign(url) };
  const memberDownload = trpc.images.download.useMutation(save);
  // A guest of a share link asks with the link's token instead of a session.
  const guestDownload = trpc.share.imageDownload.useMutation(save);
  const download = share ? guestDownload : memberDownload;
  const pendingKind = download.isPending ? download.variables?.kind : undefined;
  // Not `disabled` while pending: a disabled button drops the focus to <body>, out of the viewer.
  const start = (kind: 'preview' | 'original') => {
    if (download.isPending) return;
    if (share) guestDownload.mutate({ token: share.token, access: share.access, imageId: image.id, kind });
    else memberDownload.mutate({ id: image.id, kind });
  };
  return (
    <div className="lightbox__downloads">
      <button
        type="button"
        className="button button--small"
        aria-disabled={download.isPending}
        onClick={() => start('preview')}
      >
        {pendingKind === 'preview' ? t('lightbox.preparing') : t('lightbox.download')}
      </button>
      {image.originalDownload && (
        <button
          type="button"
          className="button button--small"
          aria-disabled={download.isPending}
          onClick={() => start('original')}
        >
          {pendingKind === 'original' ? t('lightbox.preparing') : t('lightbox.original')}
        </button>
      )}
      {download.error && (
        <span className="lightbox__error" role="alert">
          {errorText(download.error)}
        </span>
      )}
    </div>
  );
}
