// Pieces every access-review page shares: addresses, the campaign's status and each result in words (never colour
// only), what an item grants in words, and the fixed texts of the notices shown after a form went through.
import type { Campaign } from '../../catalog/reviews/index.js';
import type { ApplyResult, CampaignStatus, DefaultDecision, RecurrenceCadence } from '../../domain/reviews.js';
import type { FastifyReply } from 'fastify';
import { statusLabel, type LabelTone } from '../pages/components.js';
import { refuse } from '../pages/page.js';
import type { Html } from '../pages/layout.js';

export const ADMIN_REVIEWS_PATH = '/admin/reviews';
export const NEW_CAMPAIGN_PATH = '/admin/reviews/new';
export const MY_REVIEWS_PATH = '/reviews';
export const campaignPath = (id: string): string => `${ADMIN_REVIEWS_PATH}/${encodeURIComponent(id)}`;
export const inboxPath = (id: string): string => `${MY_REVIEWS_PATH}/${encodeURIComponent(id)}`;
export const seriesStopPath = (id: string): string => `${ADMIN_REVIEWS_PATH}/series/${encodeURIComponent(id)}/stop`;

/** Campaign and series ids in addresses: what Lantern makes (letters, digits and a few separators). */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:~-]{0,199}$';

const STATUS: Record<CampaignStatus, [string, LabelTone]> = {
  staging: ['Staging', 'busy'],
  in_review: ['In review', 'warn'],
  closing: ['Closing', 'busy'],
  awaiting_apply: ['Awaiting apply', 'warn'],
  applying: ['Applying', 'busy'],
  completed: ['Completed', 'good'],
  failed: ['Failed', 'bad'],
};
export const campaignStatusLabel = (status: CampaignStatus): Html => statusLabel(...STATUS[status]);
/** Statuses in which Lantern is busy on its own: the campaign page offers a reload to follow it. */
export const isMoving = (status: CampaignStatus): boolean => ['staging', 'closing', 'applying'].includes(status);
export const isOpen = (c: Pick<Campaign, 'status'>): boolean => c.status === 'in_review';

export const RESULT_WORDS: Record<ApplyResult, string> = {
  removed: 'Removed',
  already_gone: 'Already gone',
  kept: 'Kept',
  not_applicable: 'Not applicable',
  refused: 'Refused by a guard',
  failed: 'Failed',
};

export const DEFAULT_WORDS: Record<DefaultDecision, string> = {
  keep: 'Keep access',
  remove: 'Remove access',
  recommendation: 'Follow the recommendation',
};

export const CADENCE_WORDS: Record<RecurrenceCadence, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  semiannually: 'Every six months',
  annually: 'Yearly',
};

export const REVIEWER_WORDS = {
  owners: 'Resource owners',
  manager: "Each principal's manager",
  named: 'Named people or groups',
  self: 'Self-review',
} as const;

const KIND_WORDS: Record<string, string> = {
  member: 'Member of',
  owner: 'Owner of',
  appRole: 'App role in',
  roleMember: 'Directory role',
};
/** "Member of Sales", "App role Reader in Payroll", "Directory role Global Administrator". */
export function grantWords(item: { entitlementKind: string; entitlementName: string; resourceName: string }): string {
  if (item.entitlementKind === 'roleMember') return `Directory role ${item.resourceName || item.entitlementName}`;
  if (item.entitlementKind === 'appRole') return `App role ${item.entitlementName} in ${item.resourceName}`;
  return `${KIND_WORDS[item.entitlementKind] ?? item.entitlementKind} ${item.resourceName}`;
}

/** What the reviewer's inbox says after a decision went through (fixed text; only a validated count is shown). */
export const savedNotice = (count: number): string => (count === 1 ? 'Saved 1 decision' : `Saved ${count} decisions`);

/** What the campaign page says after an owner's action went through. */
export const CAMPAIGN_NOTICES = {
  created: 'Campaign started. Lantern is taking the snapshot of the access in scope.',
  closed: 'Campaign closed. Undecided items get the default decision now.',
  extended: 'Due date moved.',
  applying: 'Applying the removals. Each item gets its result below.',
} as const;
export type CampaignNotice = keyof typeof CAMPAIGN_NOTICES;

/** The one answer for a campaign or series that is not there (or gone with its connector). */
export function notFound(reply: FastifyReply, title = 'No such campaign'): FastifyReply {
  return refuse(reply, {
    status: 404,
    title,
    message: 'Lantern has no access review here. It may have been deleted with its connector.',
    next: { href: ADMIN_REVIEWS_PATH, label: 'All access reviews' },
  });
}
