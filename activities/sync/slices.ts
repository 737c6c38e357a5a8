// A page cut into slices, so a stage can checkpoint inside a page: a cursor names the page's link and the last item
// written. Re-reading a page link returns the same page (Graph's skip and delta tokens are replayable).

/**
 * The items after `after` (the last one a previous attempt wrote) in slices of `size` (one slice when unset). An id
 * that is no longer in the page means the page changed: every item is written again, which is idempotent.
 */
export function slicesAfter<T extends { id: string }>(
  items: readonly T[],
  after: string | undefined,
  size?: number,
): T[][] {
  const start = after === undefined ? 0 : items.findIndex((item) => item.id === after) + 1;
  const rest = items.slice(start);
  if (!size) return [rest];
  const slices: T[][] = [];
  for (let i = 0; i < rest.length; i += size) slices.push(rest.slice(i, i + size));
  return slices;
}
