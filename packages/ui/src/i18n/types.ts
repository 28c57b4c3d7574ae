/** The plural suffixes i18next adds to a key (`photos_one`, `photos_other`) as Intl.PluralRules names them. */
export type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/**
 * The shape another language must have: the English catalogue with every text widened to
 * `string`. A German catalogue `satisfies Catalogue<typeof en>`, so a missing or extra key, or a
 * plural form only one language has, fails the typecheck.
 */
export type Catalogue<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

type StripPlural<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;

/** Every key `t` accepts for a catalogue: dotted paths, plural forms under their base key. */
export type MessageKey<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${StripPlural<K>}`
    : MessageKey<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Values for `{{placeholders}}`; `count` also picks the plural form. */
export type MessageValues = Record<string, string | number>;

export type Translate<T> = (key: MessageKey<T>, values?: MessageValues) => string;
