// The input rules of the whole API, in one place (every route gets them; no route opts in):
// - every string in params, querystring and body must be storable and sendable to Temporal (lib/safe-text.ts);
// - bodies are JSON and typed: no coercion ("5" is not 5, a string is not a one-item array);
// - querystrings are strings by nature, so their numbers and booleans are coerced, but always within bounds;
// - what a schema does not declare is refused, not dropped: unknown fields and parameters are 400s naming them;
// - strings without a schema maxLength are capped, and numbers without bounds stay within safe integers.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_MAX_TEXT_LENGTH, findUnsafeText } from '../../lib/safe-text.js';
import { apiErrors } from './errors.js';

type Schema = Record<string, unknown>;

const FINITE = 'finiteNumber';

const SHARED: Options = { useDefaults: true, removeAdditional: false, allErrors: false, addUsedSchema: false };

export function installInputRules(app: FastifyInstance): void {
  const forBody = validatorFactory({ ...SHARED, coerceTypes: false });
  const forUrl = validatorFactory({ ...SHARED, coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (httpPart === 'body') return forBody(tighten(schema as Schema));
    if (httpPart === 'querystring') return forUrl(tighten(schema as Schema));
    return forUrl(schema as Schema);
  });

  // A route of the JSON API without a querystring schema takes no parameters: say so, rather than ignore them.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.schema?.querystring) return;
    route.schema = { ...route.schema, querystring: { type: 'object', properties: {}, additionalProperties: false } };
  });

  // Runs before schema validation, so the caller learns about unusable text even where a schema says little.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const issue = findUnsafeText(value, part);
      if (issue) throw apiErrors.invalid(`${issue.path} ${issue.problem}.`);
    }
  });
}

const formBodyValidators = validatorFactory({ ...SHARED, coerceTypes: false });

/**
 * A JSON API body schema compiled with the API's own body rules, for pages whose forms must accept exactly what the
 * API accepts (the page turns its form fields into the API's body first, then checks it here).
 */
export const compileBodyValidator = (schema: Schema): ValidateFunction => formBodyValidators(tighten(schema));

function validatorFactory(options: Options): (schema: Schema) => ValidateFunction {
  const ajv = new Ajv(options);
  formats.default(ajv); // the CommonJS module itself is the plugin; its `default` is the same function, and typed
  // Ajv coerces "1e400" to Infinity and then skips minimum/maximum for non-finite numbers; this catches that.
  const finite: ((schema: unknown, data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] } = (
    _schema,
    data,
  ) => {
    finite.errors = [{ keyword: FINITE, message: 'must be a finite number', params: {} }];
    return typeof data !== 'number' || Number.isFinite(data);
  };
  ajv.addKeyword({ keyword: FINITE, schemaType: 'boolean', errors: true, validate: finite });
  return (schema) => (typeof schema.$id === 'string' && ajv.getSchema(schema.$id)) || ajv.compile(schema);
}

/**
 * A copy of a request schema with the API's defaults filled in where the schema is silent: objects refuse undeclared
 * properties, strings have a maximum length, numbers stay within safe integers (a bigint column overflows otherwise).
 * An object that is one of several `allOf` parts keeps its own setting, since each part sees all properties.
 */
export function tighten(schema: Schema, inAllOf = false): Schema {
  const out: Schema = { ...schema };
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if (types.includes('object') && schema.properties && schema.additionalProperties === undefined && !inAllOf)
    out.additionalProperties = false;
  if (
    types.includes('string') &&
    schema.maxLength === undefined &&
    schema.enum === undefined &&
    schema.const === undefined
  ) {
    out.maxLength = DEFAULT_MAX_TEXT_LENGTH;
  }
  if (types.includes('integer') || types.includes('number')) {
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) out.maximum = Number.MAX_SAFE_INTEGER;
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) out.minimum = -Number.MAX_SAFE_INTEGER;
    out[FINITE] = true;
  }
  if (isSchema(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, child]) => [key, tightenChild(child)]),
    );
  }
  if (isSchema(schema.items)) out.items = tighten(schema.items);
  if (isSchema(schema.additionalProperties)) out.additionalProperties = tighten(schema.additionalProperties);
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) out[key] = (schema[key] as unknown[]).map(tightenChild);
  }
  if (Array.isArray(schema.allOf))
    out.allOf = (schema.allOf as unknown[]).map((child) => (isSchema(child) ? tighten(child, true) : child));
  return out;
}

const tightenChild = (child: unknown) => (isSchema(child) ? tighten(child) : child);
const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
