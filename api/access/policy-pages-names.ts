// Names typed into the policy form (UPN, display name, object id; groups by name or id) resolved to object ids from the
// connector's catalog, with what could not be resolved noted per form field.
import type { Kysely } from 'kysely';
import { groupsNamed, principalsNamed, type NamedPrincipal } from '../../catalog/access/policy-names.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { ApproverSet } from '../../domain/access-policy.js';
import type { PolicyFormErrors } from './policy-pages-form.js';
import { MAX_NAMED_APPROVERS } from './policy-rules.js';

const ON = 'on';

const lines = (text: string) =>
  text
    .split(/[\n,;]/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Turns typed names into object ids from the catalog, noting per field what could not be resolved. */
export class NameResolver {
  readonly errors: PolicyFormErrors = {};
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly connectorId: string,
  ) {}

  private async one(found: Promise<NamedPrincipal[]>, text: string, what: string, field: string) {
    const matches = await found;
    if (matches.length === 1) return matches[0]!.id;
    const many = what === 'person' ? 'people' : `${what}s`;
    this.errors[field] ??=
      matches.length === 0
        ? `No ${what} in this connector's catalog is named "${text}".`
        : `"${text}" names ${matches.length} ${many}: give the UPN or the object id instead.`;
    return null;
  }

  async people(text: string, field: string): Promise<string[]> {
    const typed = lines(text);
    if (typed.length > MAX_NAMED_APPROVERS) this.errors[field] = `Name at most ${MAX_NAMED_APPROVERS} people.`;
    const ids: string[] = [];
    for (const person of typed.slice(0, MAX_NAMED_APPROVERS + 1)) {
      const id = await this.one(principalsNamed(this.db, this.connectorId, person), person, 'person', field);
      if (id) ids.push(id);
    }
    return ids;
  }

  async group(text: string, field: string): Promise<string | null> {
    if (!text.trim()) return null;
    return this.one(groupsNamed(this.db, this.connectorId, text.trim()), text.trim(), 'group', field);
  }

  async groups(text: string, field: string): Promise<string[]> {
    const ids: string[] = [];
    for (const group of lines(text)) {
      const id = await this.group(group, field);
      if (id) ids.push(id);
    }
    return ids;
  }

  /** An approver set from a checkbox pair, a people list and a group, whose fields are named by `id(field)`. */
  async approverSet(fields: Record<string, string>, id: (field: string) => string): Promise<ApproverSet> {
    return {
      owners: fields.Owners === ON,
      manager: fields.Manager === ON,
      principalIds: await this.people(fields.People ?? '', id('People')),
      groupId: await this.group(fields.Group ?? '', id('Group')),
    };
  }
}
