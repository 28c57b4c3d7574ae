/*
 * One i18n library for both SPAs: i18next with react-i18next, chosen over Lingui because it needs
 * no compile step or macros in the Vite build (catalogues are plain TypeScript objects), picks
 * plural forms with the built-in Intl.PluralRules (`photos_one` / `photos_other`), formats numbers
 * inside messages with Intl (`{{count, number}}`), and re-renders every component that called
 * `useTranslation` when the language changes. Keys are typed by our own `MessageKey` over each
 * catalogue (see ./types), so two apps with different catalogues share this one setup.
 *
 * Namespaces: `ui` holds packages/ui's own texts, `app` the texts of the app that runs.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de as uiDe } from './de';
import { en as uiEn } from './en';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, as the language switch offers it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

const STORAGE_KEY = 'party.language';

export function isLanguage(value: string | null | undefined): value is Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '');
}

/** The first of the browser's languages (`de-AT` counts as `de`) we have, else English. */
export function languageFromBrowser(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function storedLanguage(): Language | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    // Storage can be blocked (privacy settings); the browser's languages still decide.
    return null;
  }
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

export const i18n: I18n = i18next.createInstance();

type AppCatalogues = { en: object; de: object };

/**
 * Starts i18n with the app's catalogues, before the first render: the language the person chose
 * earlier (localStorage), else the first of the browser's languages we have, else English.
 */
export function initI18n(app: AppCatalogues): I18n {
  const lng = storedLanguage() ?? languageFromBrowser(browserLanguages());
  void i18n.use(initReactI18next).init({
    resources: {
      en: { ui: uiEn, app: app.en },
      de: { ui: uiDe, app: app.de },
    },
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    ns: ['ui', 'app'],
    defaultNS: 'app',
    // React escapes on its own; escaping here would show `&amp;` in the page.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  syncDocumentLanguage(lng);
  i18n.on('languageChanged', syncDocumentLanguage);
  return i18n;
}

function syncDocumentLanguage(lng: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

/** Switches the language everywhere and remembers the choice for the next visit. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  await i18n.changeLanguage(lng);
}

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : 'en';
}

/**
 * The locale for Intl formats: the browser's own tag when it is of the active language (`en-GB`
 * writes "14 Jul 2026"), else the bare language.
 */
export function formatLocale(): string {
  const lng = currentLanguage();
  return browserLanguages().find((tag) => languageFromBrowser([tag]) === lng && tag.includes('-')) ?? lng;
}
