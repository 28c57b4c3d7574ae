/** A piece of plain text: words, or a web address to show as a link. */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; href: string };

// A sentence's closing punctuation is not part of the address before it.
const URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]']/g;

/** Splits a mail's text body so its http(s) addresses can be shown as working links. */
export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    if (start > last) pieces.push({ kind: 'text', text: text.slice(last, start) });
    pieces.push({ kind: 'link', href: match[0] });
    last = start + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}
