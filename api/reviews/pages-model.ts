// Reads the review pages need besides the catalog's review functions, all through named catalog functions: names for
// ids (connectors, people who decided or created), the connectors a campaign can start on, and the items whose removal
// was refused or failed (listed by name under the result counts).
import type { Kysely } from 'kysely';
import { listConnectorRecords } from '../../catalog/connectors.js';
import { findRequestPrincipal } from '../../catalog/access/requests.js';
import { principalNamesById } from '../../catalog/access/request-names.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { listItems, type Campaign } from '../../catalog/reviews/index.js';
import type { ProblemItem } from './campaign-view.js';

type Db = Kysely<CatalogSchema>;
const MAX_CONNECTORS = 500;
/** Items listed by name under "Refused or failed" (the counts above cover all of them). */
const PROBLEMS_SHOWN = 100;
/** How many "remove" items the page reads at most to find them (a page per request; counts stay exact). */
const PROBLEM_SCAN = 5_000;
const SCAN_PAGE = 500;

async function connectors(db: Db) {
  return (await listConnectorRecords(db, { limit: MAX_CONNECTORS })).items;
}

export async function connectorNames(db: Db): Promise<Map<string, string>> {
  return new Map((await connectors(db)).map((c) => [c.id, c.displayName]));
}

export async function connectedConnectors(db: Db): Promise<{ id: string; displayName: string }[]> {
  return (await connectors(db))
    .filter((c) => c.status === 'connected')
    .map((c) => ({ id: c.id, displayName: c.displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Entra object id → name for people of the connector's tenant (unknown ids are left out). */
export const peopleNames = (db: Db, connectorId: string, ids: string[]): Promise<Map<string, string>> =>
  principalNamesById(db, connectorId, [...new Set(ids)]);

/** Who created the campaign, in words: the person's name and UPN, else the audit actor (a token, a schedule). */
export async function ownerName(db: Db, c: Campaign): Promise<string> {
  if (!c.ownerSubject) return c.ownerId.startsWith('schedule:') ? 'Its recurring series' : c.ownerId;
  const person = await findRequestPrincipal(db, c.connectorId, c.ownerSubject);
  if (!person) return c.ownerId;
  return person.upn ? `${person.display_name} (${person.upn})` : person.display_name;
}

export async function problemItems(db: Db, campaignId: string): Promise<ProblemItem[]> {
  const found: ProblemItem[] = [];
  let cursor: string | undefined;
  for (let read = 0; read < PROBLEM_SCAN && found.length < PROBLEMS_SHOWN; read += SCAN_PAGE) {
    const page = await listItems(db, { campaignId, reviewerId: null, decision: 'remove', cursor, limit: SCAN_PAGE });
    for (const item of page.items)
      if (item.applyResult === 'refused' || item.applyResult === 'failed')
        found.push({ ...item, applyResult: item.applyResult });
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return found.slice(0, PROBLEMS_SHOWN);
}
