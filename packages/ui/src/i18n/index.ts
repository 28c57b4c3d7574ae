export { type CatalogueDifference, compareCatalogues, flattenCatalogue, placeholders } from './check';
export {
  formatBytes,
  formatCount,
  formatDecimal,
  formatEventDate,
  formatLength,
  spokenDuration,
  warmFormats,
} from './format';
export { LanguageSwitch } from './language-switch';
export {
  currentLanguage,
  formatLocale,
  i18n,
  initI18n,
  LANGUAGES,
  type Language,
  languageFromBrowser,
  setLanguage,
} from './setup';
export type { Catalogue, MessageKey, MessageValues, Translate } from './types';
export { uiT, useNamespace, useUiT } from './use-t';
