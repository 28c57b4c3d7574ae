/*
 * Completeness checks for message catalogues, shared by each catalogue's unit test. The typecheck
 * already refuses a German catalogue of another shape; these make the same promise at run time and
 * add what types cannot see: a `{{placeholder}}` one language uses and the other lacks.
 */

type Tree = { readonly [key: string]: string | Tree };

/** `{ a: { b_one: 'x' } }` → `{ 'a.b_one': 'x' }`. */
export function flattenCatalogue(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') out[path] = value;
    else Object.assign(out, flattenCatalogue(value, `${path}.`));
  }
  return out;
}

/** The names inside `{{…}}`, without a format (`{{count, number}}` → `count`), sorted. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => m[1] ?? ''))].sort();
}

export interface CatalogueDifference {
  /** Keys (plural forms included) the other language has and this one lacks. */
  missing: string[];
  /** Keys this language has and the reference lacks. */
  extra: string[];
  /** Keys whose placeholders differ between the two languages. */
  placeholderMismatches: string[];
}

/** How `other` differs from the reference catalogue `reference`; all lists empty when complete. */
export function compareCatalogues(reference: Tree, other: Tree): CatalogueDifference {
  const a = flattenCatalogue(reference);
  const b = flattenCatalogue(other);
  const missing = Object.keys(a).filter((key) => !(key in b));
  const extra = Object.keys(b).filter((key) => !(key in a));
  const placeholderMismatches = Object.keys(a).filter((key) => {
    const text = b[key];
    return text !== undefined && placeholders(a[key] ?? '').join(',') !== placeholders(text).join(',');
  });
  return { missing, extra, placeholderMismatches };
}
