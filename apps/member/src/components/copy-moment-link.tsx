import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { momentLink } from '../lib/moment';
import { formatClock } from '../lib/time';

/**
 * "Copy link at 1:02:03": this page's address with `?t=` at the moment playing (counted from the
 * set's start). Where the clipboard is refused, the link is shown selected to copy by hand.
 */
export function CopyMomentLink({ seconds }: { seconds: number }) {
  const t = useT();
  const [copied, setCopied] = useState<'idle' | 'copied' | string>('idle');
  const time = formatClock(seconds);
  useEffect(() => {
    if (copied !== 'copied') return;
    const timer = setTimeout(() => setCopied('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    const link = momentLink(window.location.href, seconds);
    try {
      await navigator.clipboard.writeText(link);
      setCopied('copied');
    } catch {
      setCopied(link);
    }
  };

  return (
    <div className="moment-link">
      <button type="button" className="button button--ghost button--small" onClick={() => void copy()}>
        {t('player.copyLink', { time })}
      </button>
      <span className="muted small" role="status">
        {copied === 'copied' ? t('player.linkCopied') : ''}
      </span>
      {copied !== 'idle' && copied !== 'copied' && (
        <label className="moment-link__manual small">
          {t('player.copyByHand')}
          <input readOnly value={copied} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </div>
  );
}
