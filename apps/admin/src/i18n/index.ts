import { i18n, type MessageKey, type MessageValues, type Translate, useNamespace } from '@party/ui';
import { de } from './de';
import { type AdminMessages, en } from './en';

/** Both languages of the admin app, for `initI18n` in main.tsx. */
export const adminCatalogues = { en, de };

/** The admin app's `t`, typed by its English catalogue. */
export function useT(): Translate<AdminMessages> {
  return useNamespace<AdminMessages>('app');
}

/** The same outside React. */
export function appT(key: MessageKey<AdminMessages>, values?: MessageValues): string {
  const path: string = key;
  return i18n.t(path, { ns: 'app', ...values });
}
