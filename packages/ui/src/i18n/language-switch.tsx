import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage } from './setup';
import { useUiT } from './use-t';

/** A small select of the languages we have, each named in itself; the choice is remembered. */
export function LanguageSwitch() {
  const t = useUiT();
  // Subscribes to language changes so the select shows the active one.
  useTranslation('ui');
  return (
    <select
      className="language-switch"
      aria-label={t('language.label')}
      value={currentLanguage()}
      onChange={(event) => {
        if (isLanguage(event.target.value)) void setLanguage(event.target.value);
      }}
    >
      {LANGUAGES.map((lng) => (
        <option key={lng} value={lng} lang={lng}>
          {LANGUAGE_NAMES[lng]}
        </option>
      ))}
    </select>
  );
}
