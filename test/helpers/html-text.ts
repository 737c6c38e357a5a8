// Pages and emails are HTML whose line breaks the formatter chooses; a browser collapses that whitespace. Tests that
// read raw HTML compare it as a browser would show it: runs of whitespace as one space, none beside a tag.
export function squashHtml(html: string): string {
  return html.replace(/\s+/g, ' ').replace(/\s*(<[^>]+>)\s*/g, '$1');
}
