import { errorText, type RouterOutputs, trpc } from '@party/ui';
import { useT } from '../i18n';

type GalleryImage = RouterOutputs['images']['list'][number];

/**
 * Downloads go through a fresh presigned URL whose response says "attachment", so the browser
 * saves the file and the page stays where it is.
 */
export function DownloadButtons({ image }: { image: GalleryImage }) {
  const t = useT();
  const download = trpc.images.download.useMutation({
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const pendingKind = download.isPending ? download.variables?.kind : undefined;
  // Not `disabled` while pending: a disabled button drops the focus to <body>, out of the viewer.
  const start = (kind: 'preview' | 'original') => {
    if (!download.isPending) download.mutate({ id: image.id, kind });
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
