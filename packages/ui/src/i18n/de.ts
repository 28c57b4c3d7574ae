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
    withProvider: 'Mit {{provider}} anmelden',
    redirecting: '{{provider}} wird geöffnet…',
    or: 'oder mit Passwort',
    breakGlass: 'Mit einem lokalen Admin-Passwort anmelden',
    providerRefused: {
      not_a_member:
        'Dein Konto bei {{provider}} gehört nicht zu dieser Community, deshalb kannst du dich hier nicht anmelden. Wenn das nicht stimmt, bitte die Organisator:innen, dich bei {{provider}} in die Community aufzunehmen.',
      account_not_linked:
        'Hier gibt es schon ein Konto mit deiner E-Mail-Adresse, aber {{provider}} hat nicht bestätigt, dass die Adresse dir gehört. Bestätige deine E-Mail-Adresse bei {{provider}} und melde dich dann erneut an.',
      account_disabled: 'Dieses Konto wurde deaktiviert. Wende dich an eine:n Admin der Community.',
      access_denied: 'Die Anmeldung bei {{provider}} wurde abgebrochen.',
      other: 'Die Anmeldung mit {{provider}} hat nicht geklappt ({{code}}). Versuche es erneut.',
    },
  },
  errors: {
    offline: 'Der Server ist nicht erreichbar. Prüfe deine Verbindung und versuche es erneut.',
    generic: 'Etwas ist schiefgegangen. Versuche es erneut.',
  },
  listening: {
    range: 'Zeitraum',
    lastDays_one: 'Letzter {{count}} Tag',
    lastDays_other: 'Letzte {{count}} Tage',
    loading: 'Statistik wird geladen…',
    retry: 'Noch einmal versuchen',
    emptyTitle: 'In diesem Zeitraum hat niemand gehört',
    emptyText: 'Wiedergaben und Downloads erscheinen hier, sobald Mitglieder hören.',
    colTrack: 'Track',
    colPlays: 'Wiedergaben',
    colQualified: '30 s+ gehört',
    colListeners: 'Hörer',
    colHeard: 'Im Schnitt gehört',
    colDownloads: 'Downloads',
    downloads: '{{original}} Original · {{flac}} FLAC',
    listenersNote: 'Hörer werden pro Tag und Track einmal gezählt: Wer an drei Tagen hört, zählt dreimal.',
    chartTitle: 'Wiedergaben pro Tag',
    legend: 'Balken: Wiedergaben · Punkte: Downloads',
    dayTip: '{{day}}: {{plays}} Wiedergaben, {{listeners}} Hörer, {{downloads}} Downloads',
    hottest: 'Am meisten gehört bei {{minutes}}',
    noMinutes: 'Noch keine Minute gehört',
    dropOffs: 'hier wird übersprungen: {{minutes}}',
    dropOff: 'Hier hören viele auf',
    minuteTip: '{{time}}: {{seconds}} s gehört',
    waveformLoading: 'Wellenform wird geladen…',
    waveformMissing:
      'Die Wellenform konnte nicht geladen werden: Die Balken zeigen stattdessen, wie viel jede Minute gehört wurde.',
    minutesCaption: 'Gehörte Sekunden pro Minute von {{title}}',
    colMinute: 'Minute',
    colSeconds: 'Gehörte Sekunden',
    colSkip: 'Wird übersprungen',
    skipYes: 'ja',
  },
  duration: {
    seconds: '{{s}} Sek.',
    minutes: '{{m}} Min.',
    hours: '{{h}} Std.',
    hoursMinutes: '{{h}} Std. {{m}} Min.',
  },
} satisfies Catalogue<typeof en>;
