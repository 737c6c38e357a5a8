// The catalog behind `npm run bench:review`: the XL-shaped directory (50k users, 5k groups, 3 memberships each ≈
// 150k memberships, as the target states) written through the catalog's sync writers, sign-in activity spread
// (most recent, a fifth stale, a tenth never), and the campaigns the bench stages. Smaller sizes scale it down.
import { sql } from 'kysely';
import type { Catalog } from '../catalog/index.js';
import type { CatalogDb } from '../catalog/directory/writes/index.js';
import { jsonb } from '../catalog/json.js';
import type { JsonObject } from '../catalog/column-types.js';
import { CAMPAIGN_DEFAULTS, type CampaignDefinition, type ReviewerRule } from '../domain/reviews.js';
import { reviewCampaignWorkflowId } from '../workflows/reviews/messages.js';
import { buildXlDirectory, type Directory } from './xl-directory.js';
import { CONNECTOR_ID, timedStep, writeXlDirectory } from './xl-catalog.js';

export { CONNECTOR_ID, TENANT_ID } from './xl-catalog.js';
/** The reviewer whose inbox the bench reads (u-0 manages u-1…u-9; the first users never are guests or disabled). */
export const REVIEWER = 'u-0';
/** Campaign owner and the fallback reviewer of the staging campaign. */
export const ADMIN = 'u-2';

export const SIZES = { XL: 1, L: 0.1, M: 0.01 } as const;
export type Size = keyof typeof SIZES;

export interface SeedFigures {
  principals: number;
  groups: number;
  memberships: number;
  grants: number;
  seconds: number;
}

export function reviewDirectory(size: Size): Directory {
  return buildXlDirectory({
    scale: SIZES[size],
    apps: 500,
    membershipsPerUser: 3,
    groupsPerApp: 2,
    names: 'realistic',
    signInUsers: 10,
  });
}

export async function seedReviewCatalog(
  catalog: Catalog,
  directory: Directory,
  log: (line: string) => void,
): Promise<SeedFigures> {
  const { db } = catalog;
  const started = performance.now();
  await writeXlDirectory(db, directory, log);
  const step = timedStep(log);
  await step('sign-in activity', () => spreadSignIns(db));
  const grants = await db
    .selectFrom('grants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('connector_id', '=', CONNECTOR_ID)
    .executeTakeFirstOrThrow();
  return {
    principals: directory.principals.length,
    groups: directory.resources.filter((r) => r.type === 'group').length,
    memberships: directory.edges.filter((e) => e.memberKind === 'user').length,
    grants: Number(grants.n),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Last sign-in by a hash of the id (the same on every run): 70 % within 30 days, 20 % 30–399 days ago, 10 % never. */
async function spreadSignIns(db: CatalogDb): Promise<void> {
  await sql`update principals
    set last_sign_in_at = case when abs(hashtext(id)) % 100 < 70 then now() - (abs(hashtext(id)) % 30) * interval '1 day'
      when abs(hashtext(id)) % 100 < 90 then now() - (30 + abs(hashtext(id)) % 370) * interval '1 day' end
    where connector_id = ${CONNECTOR_ID} and kind = 'user'`.execute(db);
}

/**
 * Groups (ids) whose direct user members add up to at least `items`, largest first: the scope of a campaign whose one
 * named reviewer then has that many items.
 */
export function groupsHolding(directory: Directory, items: number): string[] {
  const members = new Map<string, number>();
  for (const e of directory.edges)
    if (e.memberKind === 'user' && e.memberId !== REVIEWER) members.set(e.groupId, (members.get(e.groupId) ?? 0) + 1);
  const chosen: string[] = [];
  let total = 0;
  for (const [groupId, n] of [...members].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    if (total >= items) break;
    chosen.push(groupId);
    total += n;
  }
  return chosen;
}

export function definition(
  name: string,
  connectorId: string,
  scope: CampaignDefinition['scope'],
  reviewers: ReviewerRule,
  overrides: Partial<CampaignDefinition> = {},
): CampaignDefinition {
  return {
    connectorId,
    name,
    scope,
    reviewers,
    ...CAMPAIGN_DEFAULTS,
    ...overrides,
  };
}

/** The campaign's row as the API's create writes it (status staging), without starting a workflow. */
export async function insertCampaign(db: CatalogDb, id: string, def: CampaignDefinition, owner = ADMIN): Promise<void> {
  const now = Date.now();
  await db
    .insertInto('review_campaigns')
    .values({
      id,
      connector_id: def.connectorId,
      name: def.name,
      definition: jsonb(def as unknown as JsonObject),
      workflow_id: reviewCampaignWorkflowId(id),
      owner_id: `session:${owner}`,
      owner_subject: owner,
      started_at: new Date(now).toISOString(),
      due_at: new Date(now + def.durationSeconds * 1000).toISOString(),
    })
    .execute();
}
