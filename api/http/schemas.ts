// Schemas shared by the connector and catalog routes: the error body every 4xx/5xx uses, ids in paths, paging.
import { Type, type TLiteral, type TSchema } from '@sinclair/typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      requestId: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'Error', description: 'What went wrong and, for 4xx, how to fix it' },
);

/** Error responses for the given statuses, so the OpenAPI document lists them. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));
}

/** Connector ids, and Entra object ids as the catalog stores them (GUIDs, composite ids such as group:{id}:member). */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:~-]{0,199}$';
export const ConnectorIdParam = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'Connector id' }),
});

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Page size (default 100)' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'nextCursor of the previous page' })),
};

export function pageOf<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as ?cursor= for the next page; null on the last page',
      }),
    },
    { description },
  );
}

/** A string schema that accepts exactly the given names (e.g. domain/'s permission sets), as one union of literals. */
export function oneOf<const T extends readonly string[]>(names: T, options: { description?: string } = {}) {
  return Type.Union(names.map((name) => Type.Literal(name)) as { -readonly [K in keyof T]: TLiteral<T[K]> }, options);
}
