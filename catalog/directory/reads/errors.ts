// Typed errors the catalog API maps to 400: the request itself is wrong, retrying it cannot help.
export class InvalidQueryError extends Error {
  override name = 'InvalidQueryError';
}

/** A pagination cursor that was not issued by this listing with these filters, or was altered. */
export class InvalidCursorError extends InvalidQueryError {
  override name = 'InvalidCursorError';
  constructor(reason: string) {
    super(`Invalid pagination cursor: ${reason}. Start again without a cursor.`);
  }
}
