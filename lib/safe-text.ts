// The one rule for text Lantern accepts: it must be storable in PostgreSQL (no NUL, which `text` and `jsonb` refuse
// with 22P05) and sendable to Temporal (well-formed Unicode: a lone UTF-16 surrogate is not valid UTF-8, so gRPC
// refuses it). Pure TypeScript with no imports, so the API, activities and workflows can all use it.

/** Longest string the API accepts where a schema sets no maxLength of its own. */
export const DEFAULT_MAX_TEXT_LENGTH = 10_000;

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot be stored or sent to Temporal, phrased to follow a field name; null when it is fine. */
export function textProblem(value: string): string | null {
  if (NUL.test(value)) return 'contains a NUL character (\\u0000), which cannot be stored: remove it';
  if (LONE_SURROGATE.test(value))
    return 'contains a lone UTF-16 surrogate (invalid Unicode): send well-formed UTF-8 text';
  return null;
}

export interface TextIssue {
  path: string;
  problem: string;
}

/** The first string inside `value` (keys included) that breaks the rule, with its dotted path; null when all are fine. */
export function findUnsafeText(value: unknown, path: string): TextIssue | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const issue = findUnsafeText(item, `${path}.${index}`);
      if (issue) return issue;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: `${path} (a field name)`, problem: keyProblem };
      const issue = findUnsafeText(child, `${path}.${key}`);
      if (issue) return issue;
    }
  }
  return null;
}

const NUL_GLOBAL = new RegExp(NUL.source, 'g');
const LONE_SURROGATE_GLOBAL = new RegExp(LONE_SURROGATE.source, 'g');

/** `value` with each NUL and lone surrogate replaced by U+FFFD, so the replacement stays visible to a reader. */
export function sanitizeText(value: string): string {
  return textProblem(value) === null
    ? value
    : value.replace(NUL_GLOBAL, '\uFFFD').replace(LONE_SURROGATE_GLOBAL, '\uFFFD');
}

/** A JSON-like value with every string (keys included) passed through sanitizeText; other values are kept as they are. */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map((item) => sanitizeDeep(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [sanitizeText(key), sanitizeDeep(child)]),
    ) as T;
  }
  return value;
}
