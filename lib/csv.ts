// CSV cells for downloads people open in spreadsheets (the audit export, review evidence reports): RFC 4180 quoting,
// and formula neutralisation — a cell starting with = + - @ (or a tab / carriage return) gets a leading quote, so a
// value like "=HYPERLINK(…)" stays text instead of running.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-looking text defused, then quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map((cell) => csvCell(cell)).join(',')}\r\n`;
}
