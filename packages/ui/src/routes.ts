import { parse, type RouteParams } from 'regexparam';

/*
 * Each SPA names its pages in one table of path patterns; wouter (`./router`) keeps the location,
 * the base (`/admin`) and the history. A table rather than a tree of wouter `<Route>`s because a
 * match is then a plain value: the page switch and the member app's first-page prefetch read the
 * same one, TypeScript narrows the params by page, and tests need no DOM. The patterns are parsed
 * by regexparam, wouter's own parser, so a pattern means here what it means in wouter.
 */

/** Page names and their path patterns inside the SPA, e.g. `{ event: '/events/:id' }`. */
export type RoutePatterns = Readonly<Record<string, string>>;

/** The page a path shows, with its parameters typed from the pattern; `not-found` otherwise. */
export type RouteMatch<T extends RoutePatterns> =
  | { [Page in keyof T & string]: { page: Page; params: RouteParams<T[Page]> } }[keyof T & string]
  | { page: 'not-found'; params: Record<string, never> };

/**
 * Compiles a route table into a matcher. Patterns match whole paths (a trailing slash allowed):
 * `/events` matches `/events/` but not `/eventsx` or `/events/a/b`. The first pattern that
 * matches wins.
 */
export function routeTable<const T extends RoutePatterns>(patterns: T): (path: string) => RouteMatch<T> {
  const compiled = Object.entries(patterns).map(([page, pattern]) => ({ page, ...parse(pattern) }));
  return (path) => {
    for (const { page, pattern, keys } of compiled) {
      const found = pattern.exec(path);
      if (found) {
        const params = Object.fromEntries(keys.map((key, index) => [key, found[index + 1]]));
        return { page, params } as RouteMatch<T>;
      }
    }
    return { page: 'not-found', params: {} };
  };
}
