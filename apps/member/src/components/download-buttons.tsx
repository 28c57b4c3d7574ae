import { errorText, formatBytes, type RouterOutputs, trpc } from '@party/ui';
import { useT } from '../i18n';
import { useShareAccess } from '../share/share-access';

type GalleryImage = RouterOutputs['images']['list'][number];
type Kind = 'jpeg' | 'preview' | 'original';

/** "JPEG", "PNG", "HEIC": the original's format from its MIME type, for the label. */
function formatOf(mime: string | null | undefined): string | null {
  const sub = mime?.split('/')[1];
  return sub ? sub.replace(/^x-/, '').toUpperCase() : null;
}

/**
 * The photo's downloads, each labelled with its format and size: the full-size JPEG (or, for a
 * photo processed before those existed, the WebP preview), and the untouched original where the
 * admin allows it. Each goes through a fresh URL whose response says "attachment", so the browser
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
  const start = (kind: Kind) => {
    if (download.isPending) return;
    if (share) guestDownload.mutate({ token: share.token, access: share.access, imageId: image.id, kind });
    else memberDownload.mutate({ id: image.id, kind });
  };
  const { jpeg, preview, original } = image.downloads;
  const options: Array<{ kind: Kind; label: string; bytes: number }> = [];
  if (jpeg) options.push({ kind: 'jpeg', label: t('lightbox.jpeg'), bytes: jpeg.bytes });
  else if (preview) {
    options.push({
      kind: 'preview',
      label: t('lightbox.webp', { width: Math.max(preview.width, preview.height) }),
      bytes: preview.bytes,
    });
  }
  if (original) {
    const format = formatOf(original.mime);
    options.push({
      kind: 'original',
      label: format ? t('lightbox.originalOf', { format }) : t('lightbox.original'),
      bytes: original.bytes,
    });
  }
  return (
    <div className="lightbox__downloads">
      {options.map((option) => (
        <button
          key={option.kind}
          type="button"
          className="button button--small"
          aria-disabled={download.isPending}
          onClick={() => start(option.kind)}
        >
          {pendingKind === option.kind ? t('lightbox.preparing') : option.label}
          <span className="downloads__size">{formatBytes(option.bytes)}</span>
        </button>
      ))}
      {download.error && (
        <span className="lightbox__error" role="alert">
          {errorText(download.error)}
        </span>
      )}
    </div>
  );
}
