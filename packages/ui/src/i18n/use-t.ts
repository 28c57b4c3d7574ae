import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { en as uiEn } from './en';
import { i18n } from './setup';
import type { MessageKey, MessageValues, Translate } from './types';

/**
 * The `t` of one namespace, typed by that namespace's English catalogue. The component re-renders
 * when the language changes (react-i18next subscribes it).
 */
export function useNamespace<T>(ns: 'ui' | 'app'): Translate<T> {
  const { t } = useTranslation(ns);
  return useCallback(
    (key: MessageKey<T>, values?: MessageValues) => {
      // Checked against the catalogue by MessageKey; i18next itself sees an untyped key.
      const path: string = key;
      return t(path, { ...values });
    },
    [t],
  );
}

/** packages/ui's own texts, for its components. */
export function useUiT(): Translate<typeof uiEn> {
  return useNamespace<typeof uiEn>('ui');
}

/** packages/ui's texts outside React (formatters, error sentences), in the active language. */
export function uiT(key: MessageKey<typeof uiEn>, values?: MessageValues): string {
  const path: string = key;
  return i18n.t(path, { ns: 'ui', ...values });
}
