import type { en } from './en';
import type { Catalogue } from './types';

/** packages/ui's own texts in German; same keys as ./en (the typecheck and a unit test hold them equal). */
export const de = {
  shell: {
    brand: 'Party media',
    mainNav: 'Hauptmenü',
    adminBadge: 'Admin',
    signOut: 'Abmelden',
  },
  language: {
    label: 'Sprache',
  },
  loading: 'Wird geladen…',
  notFound: {
    title: 'Seite nicht gefunden',
    body: 'Unter dieser Adresse gibt es nichts.',
  },
  login: {
    title: 'Anmelden',
    email: 'E-Mail',
    password: 'Passwort',
    submit: 'Anmelden',
    submitting: 'Anmeldung läuft…',
    tooMany: 'Zu viele Anmeldeversuche. Warte eine Minute und versuche es dann erneut.',
    failed: 'Die Anmeldung ist fehlgeschlagen. Versuche es erneut.',
    invitationOnly:
      'Neu hier? Mitglied wird man nur auf Einladung: Öffne den Einladungslink, den du bekommen hast.',
  },
  errors: {
    offline: 'Der Server ist nicht erreichbar. Prüfe deine Verbindung und versuche es erneut.',
    generic: 'Etwas ist schiefgegangen. Versuche es erneut.',
  },
  duration: {
    seconds: '{{s}} Sek.',
    minutes: '{{m}} Min.',
    hours: '{{h}} Std.',
    hoursMinutes: '{{h}} Std. {{m}} Min.',
  },
} satisfies Catalogue<typeof en>;
