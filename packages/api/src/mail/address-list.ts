import { z } from 'zod';

const emailSchema = z.email().max(254);

/** One entry of a pasted list: the address (lower-case) when valid, else what was pasted. */
export type AddressEntry = { input: string; email: string | null };

/**
 * Splits a pasted list (lines, commas, semicolons; `Name <a@b.example>` as mail programs copy it)
 * into entries, each address once. An entry that is not exactly one valid address (e.g. one that
 * hides a line break or a header after it) has `email: null`.
 */
export function parseAddressList(text: string): AddressEntry[] {
  const seen = new Set<string>();
  const entries: AddressEntry[] = [];
  for (const raw of text.split(/[\n,;]+/)) {
    const input = raw.replace(/\r$/, '').trim();
    if (!input) continue;
    const bracketed = /^[^<>]*<([^<>]+)>$/.exec(input)?.[1];
    const candidate = (bracketed ?? input).trim().toLowerCase();
    const email = emailSchema.safeParse(candidate).success ? candidate : null;
    const key = email ?? input;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ input, email });
  }
  return entries;
}
