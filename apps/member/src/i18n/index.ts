import { i18n, type MessageKey, type MessageValues, type Translate, useNamespace } from '@party/ui';
import { de } from './de';
import { en, type MemberMessages } from './en';

/** Both languages of the member app, for `initI18n` in main.tsx. */
export const memberCatalogues = { en, de };

/** The member app's `t`, typed by its English catalogue. */
export function useT(): Translate<MemberMessages> {
  return useNamespace<MemberMessages>('app');
}

/** The same outside React (the player's own messages). */
export function appT(key: MessageKey<MemberMessages>, values?: MessageValues): string {
  const path: string = key;
  return i18n.t(path, { ns: 'app', ...values });
}
