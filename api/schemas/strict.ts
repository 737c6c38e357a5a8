// Fastify's validator drops properties a schema does not declare (removeAdditional), which would turn a misspelt filter
// or option into a silently ignored one. This preValidation hook rejects them instead, naming the unknown field.
import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { apiErrors } from '../errors.js';

type Part = 'querystring' | 'body';

export function rejectUnknownFields(part: Part, schema: TSchema) {
  return async (request: FastifyRequest): Promise<void> => {
    const value = part === 'body' ? request.body : request.query;
    const unknown = unknownPaths(schema, value, part);
    if (unknown.length > 0) {
      throw apiErrors.invalid(`Unknown ${part === 'body' ? 'field' : 'parameter'} ${unknown.slice(0, 5).join(', ')}: check the spelling (see /docs).`);
    }
  };
}

function unknownPaths(schema: TSchema, value: unknown, path: string): string[] {
  const objectSchema = objectBranch(schema);
  if (!objectSchema || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const properties = objectSchema.properties as Record<string, TSchema>;
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    key in properties ? unknownPaths(properties[key]!, child, `${path}.${key}`) : [`${path}.${key}`]);
}

/** The object schema to check against: the schema itself, or the one object member of a union (e.g. cloud). */
function objectBranch(schema: TSchema): TSchema | undefined {
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === false) return schema;
  const members = (schema.anyOf ?? []) as TSchema[];
  const objects = members.filter((member) => member.type === 'object' && member.properties && member.additionalProperties === false);
  return objects.length === 1 ? objects[0] : undefined;
}
