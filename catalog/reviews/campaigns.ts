// Campaigns and series: create, read, list, move through their statuses, move the due date, count progress.
// (Owner: catalog-campaigns helper. Stubs until implemented.)
import type { CatalogDb } from '../directory/writes/sql.js';
import type { CampaignDefinition, CampaignStatus, RecurrenceCadence } from '../../domain/reviews.js';
import type { CampaignCounts } from '../../workflows/reviews/messages.js';

export interface NewCampaign {
  id: string;
  definition: CampaignDefinition;
  workflowId: string;
  ownerId: string;
  ownerSubject: string | null;
  seriesId?: string | null | undefined;
  startedAt: Date;
  dueAt: Date;
}

export interface Campaign {
  id: string;
  connectorId: string;
  seriesId: string | null;
  name: string;
  definition: CampaignDefinition;
  workflowId: string;
  ownerId: string;
  ownerSubject: string | null;
  status: CampaignStatus;
  startedAt: string;
  dueAt: string;
  stagedAt: string | null;
  closedAt: string | null;
  completedAt: string | null;
  signInKnown: boolean | null;
  counts: Partial<CampaignCounts>;
  reportSha256: { csv?: string; json?: string };
  error: string | null;
}

export interface NewSeries {
  id: string;
  definition: CampaignDefinition;
  cadence: RecurrenceCadence;
  scheduleId: string;
  createdBy: string;
}

export interface Series {
  id: string;
  connectorId: string;
  name: string;
  definition: CampaignDefinition;
  cadence: RecurrenceCadence;
  scheduleId: string;
  createdBy: string;
  createdAt: string;
  stoppedAt: string | null;
}

/** Inserts the campaign and its audit row ('review.created'); a second call with the same id changes nothing. */
export async function createCampaign(_db: CatalogDb, _c: NewCampaign, _requestId?: string): Promise<Campaign> {
  throw new Error('not implemented');
}

export async function getCampaign(_db: CatalogDb, _id: string): Promise<Campaign | null> {
  throw new Error('not implemented');
}

/** Newest first; `cursor` is the last campaign's id of the previous page. */
export async function listCampaigns(
  _db: CatalogDb,
  _q: {
    connectorId?: string | undefined;
    status?: CampaignStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ campaigns: Campaign[]; nextCursor: string | null }> {
  throw new Error('not implemented');
}

/** Moves the campaign's status (and stamps staged_at/closed_at/completed_at); idempotent. */
export async function setCampaignStatus(
  _db: CatalogDb,
  _id: string,
  _status: CampaignStatus,
  _extra?: { error?: string | null; counts?: Partial<CampaignCounts> },
): Promise<void> {
  throw new Error('not implemented');
}

/** Moves the due date and audits 'review.extended' (actor, from, to). */
export async function setDueAt(_db: CatalogDb, _id: string, _dueAt: Date, _actor: string): Promise<void> {
  throw new Error('not implemented');
}

/** Counts from the items (CampaignCounts), e.g. for the workflow's summary and the campaign page. */
export async function campaignCounts(_db: CatalogDb, _id: string): Promise<CampaignCounts> {
  throw new Error('not implemented');
}

export interface ReviewerProgress {
  reviewerId: string;
  name: string;
  upn: string | null;
  items: number;
  decided: number;
}

/** Per reviewer: how many items they may decide and how many of those are decided (campaign page). */
export async function reviewerProgress(_db: CatalogDb, _id: string): Promise<ReviewerProgress[]> {
  throw new Error('not implemented');
}

/** Campaigns in which this person has items to review (any status but staging), newest first. */
export async function campaignsOfReviewer(
  _db: CatalogDb,
  _reviewerId: string,
): Promise<(Campaign & { assigned: number; undecided: number })[]> {
  throw new Error('not implemented');
}

export async function createSeries(_db: CatalogDb, _s: NewSeries): Promise<Series> {
  throw new Error('not implemented');
}
export async function getSeries(_db: CatalogDb, _id: string): Promise<Series | null> {
  throw new Error('not implemented');
}
export async function listSeries(_db: CatalogDb, _connectorId?: string): Promise<Series[]> {
  throw new Error('not implemented');
}
export async function stopSeries(_db: CatalogDb, _id: string, _actor: string): Promise<void> {
  throw new Error('not implemented');
}
/**
 * A schedule occurrence's campaign: created once per occurrence workflow id (unique index), with a fresh id and the
 * series' definition; returns the existing one on a retry.
 */
export async function createOccurrence(
  _db: CatalogDb,
  _seriesId: string,
  _occurrenceWorkflowId: string,
  _now: Date,
): Promise<Campaign> {
  throw new Error('not implemented');
}
