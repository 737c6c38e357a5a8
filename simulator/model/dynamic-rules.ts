// A small evaluator for Entra dynamic membership rules over user properties: `user.<property> -eq "value"` and
// -ne, -startsWith, -notStartsWith, -contains, -notContains, combined with -and / -or / -not and parentheses.
// Rules outside this subset return undefined and the group's membership is left as it is.
import type { User } from './types.js';

type Token = { t: 'str' | 'word' | 'op' | 'paren'; v: string };

const TOKEN = /\s*(?:(\(|\))|"((?:[^"]|"")*)"|(-[A-Za-z]+)|([A-Za-z_][\w.]*))/y;

function tokenize(rule: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < rule.length) {
    if (/^\s*$/.test(rule.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(rule);
    if (!m) return undefined;
    if (m[1]) out.push({ t: 'paren', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2].replace(/""/g, '"') });
    else if (m[3]) out.push({ t: 'op', v: m[3].toLowerCase() });
    else out.push({ t: 'word', v: m[4]! });
  }
  return out;
}

type Predicate = (user: User) => boolean;

const COMPARE: Record<string, (actual: string, expected: string) => boolean> = {
  '-eq': (a, e) => a === e,
  '-ne': (a, e) => a !== e,
  '-startswith': (a, e) => a.startsWith(e),
  '-notstartswith': (a, e) => !a.startsWith(e),
  '-contains': (a, e) => a.includes(e),
  '-notcontains': (a, e) => !a.includes(e),
};

/** Compiles a rule to a predicate, or undefined when it uses syntax this evaluator does not know. */
export function compileRule(rule: string): Predicate | undefined {
  const tokens = tokenize(rule);
  if (!tokens) return undefined;
  let i = 0;
  const fail = (): never => {
    throw new Error('unsupported rule');
  };
  const or = (): Predicate => {
    let left = and();
    while (tokens[i]?.v === '-or') {
      i++;
      const [l, r] = [left, and()];
      left = (u) => l(u) || r(u);
    }
    return left;
  };
  const and = (): Predicate => {
    let left = unary();
    while (tokens[i]?.v === '-and') {
      i++;
      const [l, r] = [left, unary()];
      left = (u) => l(u) && r(u);
    }
    return left;
  };
  const unary = (): Predicate => {
    const t = tokens[i];
    if (t?.v === '-not') {
      i++;
      const inner = unary();
      return (u) => !inner(u);
    }
    if (t?.v === '(') {
      i++;
      const inner = or();
      if (tokens[i++]?.v !== ')') fail();
      return inner;
    }
    return comparison();
  };
  const comparison = (): Predicate => {
    const [prop, op, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    i += 3;
    const m = prop?.t === 'word' ? /^user\.(\w+)$/i.exec(prop.v) : null;
    const compare = op?.t === 'op' ? COMPARE[op.v] : undefined;
    if (!m || !compare || (value?.t !== 'str' && value?.t !== 'word')) return fail();
    const name = m[1]!;
    // Rule values compare case-insensitively, as Entra's do; true/false/null are bare words.
    const expected = value.v.toLowerCase();
    return (user) => {
      const key = Object.keys(user).find((k) => k.toLowerCase() === name.toLowerCase());
      const actual = key ? (user as unknown as Record<string, unknown>)[key] : null;
      return compare(actual === null || actual === undefined ? 'null' : String(actual).toLowerCase(), expected);
    };
  };
  try {
    const predicate = or();
    return i === tokens.length ? predicate : undefined;
  } catch {
    return undefined;
  }
}
