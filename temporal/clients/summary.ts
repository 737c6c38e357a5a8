// The one-line summary the Temporal UI shows for a workflow or schedule run. The server refuses a staticSummary over
// 200 bytes (not characters), so the cut is made on bytes without splitting a character.

const SUMMARY_BYTES = 200;
const ELLIPSIS = '...';

export function staticSummary(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= SUMMARY_BYTES) return text;
  // A cut inside a multi-byte character decodes to U+FFFD: drop it rather than show a broken glyph.
  return `${bytes
    .subarray(0, SUMMARY_BYTES - ELLIPSIS.length)
    .toString('utf8')
    .replace(/\uFFFD$/, '')}${ELLIPSIS}`;
}
