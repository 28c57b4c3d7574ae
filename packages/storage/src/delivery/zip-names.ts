/*
 * Names of files inside a downloaded ZIP. They come from uploaded file names, so they are hostile
 * by assumption: an unzip tool treats a name as a path ("../../.bashrc", "C:\x", "/etc/x"), and
 * Windows refuses some names outright. Every name becomes one plain file name at the archive's
 * root, and names that would collide on a case-insensitive file system are numbered.
 */

const MAX_NAME_CHARS = 150;
// Controls, bidi overrides/isolates and marks (an "exe.jpg" that reads "gpj.exe"), line separators.
const INVISIBLE = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\u2028\u2029\uFEFF]/gu;
// Path separators and what Windows forbids in a name.
const FORBIDDEN = /[/\\:*?"<>|]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

function splitExtension(name: string): [string, string] {
  const match = /^(.+?)(\.[\p{L}\p{N}]{1,8})$/u.exec(name);
  return match ? [match[1] as string, match[2] as string] : [name, ''];
}

/** One safe file name (no directory part) for a ZIP entry; `fallback` when nothing is left. */
export function safeEntryName(raw: string, fallback: string): string {
  let name = raw.normalize('NFC').replace(INVISIBLE, '').replace(FORBIDDEN, '_');
  // Leading dots hide files (and ".." climbs); trailing dots and spaces vanish on Windows.
  name = name
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .trim();
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  const [base, ext] = splitExtension(name);
  const chars = [...base];
  if (chars.length + ext.length > MAX_NAME_CHARS)
    name = chars.slice(0, MAX_NAME_CHARS - ext.length).join('') + ext;
  return name && !/^_*$/.test(splitExtension(name)[0]) ? name : fallback;
}

/**
 * Safe and unique names, in order: a repeated name (ignoring case, as Windows and macOS do)
 * becomes "name (2).jpg", "name (3).jpg", … `fallback(i)` names entries whose name is empty.
 */
export function safeEntryNames(raws: readonly string[], fallback: (index: number) => string): string[] {
  const taken = new Set<string>();
  return raws.map((raw, i) => {
    const name = safeEntryName(raw, fallback(i));
    const [base, ext] = splitExtension(name);
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
