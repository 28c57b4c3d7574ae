import {
  Alert,
  EmptyState,
  errorText,
  formatEventDate,
  formatLocale,
  type RouterOutputs,
  Spinner,
  trpc,
} from '@party/ui';
import { useState } from 'react';
import { useT } from '../i18n';

type PhotoConsent = RouterOutputs['account']['privacy']['photoConsent'];

const CONSENTS: PhotoConsent[] = ['fine', 'ask-first', 'never'];

/** The member's photo-consent setting (README, Privacy: photo consent). */
function PhotoConsentForm() {
  const t = useT();
  const utils = trpc.useUtils();
  const current = trpc.account.privacy.useQuery();
  const [choice, setChoice] = useState<PhotoConsent | null>(null);
  const save = trpc.account.setPhotoConsent.useMutation({
    onSuccess: (data) =>
      utils.account.privacy.setData(undefined, (current) => (current ? { ...current, ...data } : current)),
  });

  if (current.isPending) return <Spinner label={t('privacy.consentLoading')} />;
  if (current.error) return <Alert>{errorText(current.error)}</Alert>;
  const selected = choice ?? current.data.photoConsent;
  const changed = selected !== current.data.photoConsent;
  return (
    <form
      className="form consent-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!save.isPending) save.mutate({ photoConsent: selected });
      }}
    >
      <fieldset className="consent-form__options">
        <legend>{t('privacy.consentLegend')}</legend>
        {CONSENTS.map((consent) => (
          <label key={consent} className="consent-form__option">
            <input
              type="radio"
              name="photo-consent"
              value={consent}
              checked={selected === consent}
              onChange={() => {
                setChoice(consent);
                save.reset();
              }}
            />
            <span>
              <strong>{t(`privacy.consent.${consent}`)}</strong>
              <small className="muted">{t(`privacy.consentHint.${consent}`)}</small>
            </span>
          </label>
        ))}
      </fieldset>
      {save.error && <Alert>{errorText(save.error)}</Alert>}
      {save.isSuccess && !changed && <Alert tone="success">{t('privacy.consentSaved')}</Alert>}
      <div className="form-actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={!changed}
          aria-disabled={save.isPending}
        >
          {save.isPending ? t('privacy.saving') : t('privacy.save')}
        </button>
      </div>
    </form>
  );
}

/** The member's own "This is me — hide it" requests and what the admins decided. */
function MyRequests() {
  const t = useT();
  const requests = trpc.account.takedowns.useQuery();
  if (requests.isPending) return <Spinner label={t('privacy.requestsLoading')} />;
  if (requests.error) return <Alert>{errorText(requests.error)}</Alert>;
  if (requests.data.length === 0) {
    return <EmptyState title={t('privacy.requestsEmptyTitle')}>{t('privacy.requestsEmptyBody')}</EmptyState>;
  }
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <ul className="request-list">
      {requests.data.map((request) => (
        <li key={request.id} className="request-list__item">
          <div className="request-list__head">
            <span className={`badge badge--takedown-${request.state}`}>
              {t(`privacy.state.${request.state}`)}
            </span>
            <span>
              {request.event
                ? t('privacy.photoOf', {
                    event: request.event.title,
                    date: formatEventDate(request.event.eventDate),
                  })
                : t('privacy.photoOfGone')}
            </span>
          </div>
          <p className="muted small">
            {t('privacy.askedAt', { when: dateTime.format(request.createdAt) })}
            {request.decidedAt
              ? ` · ${t('privacy.decidedAt', { when: dateTime.format(request.decidedAt) })}`
              : ''}
          </p>
          {request.reason && (
            <p className="request-list__text">
              <span className="muted">{t('privacy.yourReason')}</span> {request.reason}
            </p>
          )}
          {request.adminNote && (
            <p className="request-list__text">
              <span className="muted">{t('privacy.adminNote')}</span> {request.adminNote}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

export function PrivacyPage() {
  const t = useT();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('privacy.title')}</h1>
          <p className="muted">{t('privacy.intro')}</p>
        </div>
      </div>
      <section className="card privacy-section" aria-labelledby="photo-consent-title">
        <h2 id="photo-consent-title">{t('privacy.consentTitle')}</h2>
        <p className="muted">{t('privacy.consentIntro')}</p>
        <PhotoConsentForm />
      </section>
      <section className="card privacy-section" aria-labelledby="my-requests-title">
        <h2 id="my-requests-title">{t('privacy.requestsTitle')}</h2>
        <p className="muted">{t('privacy.requestsIntro')}</p>
        <MyRequests />
      </section>
    </>
  );
}
