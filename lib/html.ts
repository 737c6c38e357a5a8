// HTML escaping for everything Lantern renders (pages and emails): one escape, and a tagged template that escapes
// every interpolated value unless it is already Html, so text a person typed can never become markup.

export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Marks a string as already-safe HTML (built from escaped parts). */
export interface Html {
  html: string;
}
export const raw = (html: string): Html => ({ html });

/** Tagged template that escapes every interpolated value unless it is Html (or an array of Html). */
export function html(
  strings: TemplateStringsArray,
  ...values: (string | number | Html | Html[] | null | undefined)[]
): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    if (Array.isArray(value)) out += value.map((v) => v.html).join('');
    else if (value && typeof value === 'object') out += value.html;
    else if (value !== null && value !== undefined) out += escapeHtml(String(value));
    out += strings[index + 1] ?? '';
  });
  return { html: out };
}
