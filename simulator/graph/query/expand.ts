// $expand as directory Graph takes it: one navigation property, optionally with a nested `$select`
// (`$expand=members($select=id,displayName)`, documented on group.members and user.manager). Items are split only at
// top-level commas, so the comma inside the parentheses belongs to the nested $select.
import { graphErrors } from '../errors.js';
import { directoryObjectUnion, schemaOf, type TypeSchema } from './schema.js';

export interface ExpandOption {
  /** The navigation property as declared (`members`, `manager`, …). */
  name: string;
  /** Nested `$select`, in declared spelling; undefined renders the related objects' default properties. */
  select?: string[];
  /** Nested `$levels` (manager only: the management chain, user-list-manager.md); `max` is 1000. */
  levels?: number;
}

/** What each expandable navigation property returns, so a nested $select is checked against the right type. */
function targetSchema(navigation: string): TypeSchema {
  switch (navigation) {
    case 'appRoleAssignedTo':
      return schemaOf('appRoleAssignment');
    case 'roleDefinition':
      return schemaOf('unifiedRoleDefinition');
    default:
      return directoryObjectUnion(); // manager, members, owners, principal
  }
}

/** Splits at `separator` outside parentheses and quotes. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function parseExpand(text: string, expandable: readonly string[], schema: TypeSchema): ExpandOption {
  const items = splitTopLevel(text, ',');
  if (items.length > 1) throw graphErrors.tooManyExpands();
  const item = items[0] ?? '';
  const m = /^([^()]+?)\s*(?:\((.*)\))?$/s.exec(item);
  if (!m) throw graphErrors.invalidExpand(item);
  const name = m[1]!;
  const known = expandable.find((n) => n.toLowerCase() === name.toLowerCase());
  if (!known) throw graphErrors.unknownProperty(name, schema.name);
  const nested = m[2];
  return nested === undefined
    ? { name: known }
    : { name: known, ...parseNested(nested, targetSchema(known), known === 'manager') };
}

const MAX_LEVELS = 1000;

/** Nested options are `;`-separated; directory Graph honours `$select`, and `$levels` on manager. */
function parseNested(text: string, target: TypeSchema, allowLevels: boolean): { select?: string[]; levels?: number } {
  let select: string[] | undefined;
  let levels: number | undefined;
  for (const option of splitTopLevel(text, ';')) {
    const at = option.indexOf('=');
    const name = (at < 0 ? option : option.slice(0, at)).trim();
    if (allowLevels && at >= 0 && ['$levels', 'levels'].includes(name.toLowerCase())) {
      const value = option.slice(at + 1).trim();
      levels = value.toLowerCase() === 'max' ? MAX_LEVELS : Number(value);
      if (!Number.isInteger(levels) || levels < 1 || levels > MAX_LEVELS) throw graphErrors.invalidExpand(text);
      continue;
    }
    if (at < 0 || !['$select', 'select'].includes(name.toLowerCase())) throw graphErrors.unsupportedQueryOption(name);
    select = [];
    for (const raw of option.slice(at + 1).split(',')) {
      const property = raw.trim();
      if (!property) continue;
      const canonical = target.canonical.get(property.toLowerCase());
      if (!canonical) throw graphErrors.unknownProperty(property, target.name);
      if (!select.includes(canonical)) select.push(canonical);
    }
  }
  return { ...(select ? { select } : {}), ...(levels ? { levels } : {}) };
}
