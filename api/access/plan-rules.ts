// The policy v2 rules a request is checked against before it reaches Temporal: break-glass, the scheduled start, and
// whether every approval stage can reach its quorum with people other than the requester and the principal. Each
// refusal is a 422 whose code names the rule, as in plan.ts.
import type { Kysely } from 'kysely';
import { POLICY_V2_LIMITS, stagesOf } from '../../domain/access-policy.js';
import { managerOf, type AccessPolicy } from '../../catalog/access/policies.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { removalRefusal, type RemovalPair } from '../../catalog/access/guards.js';
import { getAccessGrant, holdsDirectly } from '../../catalog/access/requests.js';
import { accessGrantWorkflowId, type ResolvedStage } from '../../workflows/access/messages.js';
import { apiErrors } from '../http/errors.js';

export const rule = (code: string, message: string) => apiErrors.unprocessable(code, message, { rule: code });

/** A break-glass reason must say something: at least this many characters once trimmed. */
export const MIN_BREAK_GLASS_REASON = 10;
/** A scheduled start must be at least this far ahead (sooner is simply "now"). */
export const MIN_START_AHEAD_SECONDS = 60;

export function checkBreakGlass(
  policy: AccessPolicy,
  body: { durationSeconds: number; justification: string; startAt?: string | undefined },
): void {
  const allowed = policy.breakGlass;
  if (!allowed)
    throw rule('break_glass_not_allowed', 'The policy of this entitlement does not allow break-glass requests.');
  if (body.startAt !== undefined)
    throw rule('start_at', 'A break-glass request starts at once: leave startAt out, or ask without breakGlass.');
  if (body.justification.trim().length < MIN_BREAK_GLASS_REASON)
    throw rule(
      'break_glass_reason',
      `A break-glass request needs its reason in justification (at least ${MIN_BREAK_GLASS_REASON} characters): say what is broken and why it cannot wait for approval.`,
    );
  if (body.durationSeconds > allowed.maxDurationSeconds)
    throw rule(
      'max_duration',
      `The duration ${body.durationSeconds}s exceeds the break-glass maximum of ${allowed.maxDurationSeconds}s.`,
    );
}

export function checkStartAt(startAt: string, now: Date): void {
  const at = Date.parse(startAt);
  const earliest = now.getTime() + MIN_START_AHEAD_SECONDS * 1000;
  const latest = now.getTime() + POLICY_V2_LIMITS.maxStartAheadSeconds * 1000;
  if (Number.isNaN(at)) throw rule('start_at', `startAt ${startAt} is not a date-time.`);
  if (at < earliest)
    throw rule(
      'start_at',
      `startAt ${startAt} must be at least ${MIN_START_AHEAD_SECONDS} seconds in the future (leave it out to start as soon as approved).`,
    );
  if (at > latest)
    throw rule(
      'start_at',
      `startAt ${startAt} is more than ${POLICY_V2_LIMITS.maxStartAheadSeconds / 86_400} days ahead (latest ${new Date(latest).toISOString()}).`,
    );
}

const stageLabel = (stages: ResolvedStage[], index: number) => `stage ${index + 1} "${stages[index]!.name}"`;

/**
 * Every stage names someone other than the requester and the principal, and enough of them: each stage its quorum,
 * and (approvers being distinct across stages) any set of stages together as many people as their quorums add up to.
 * Stages number at most POLICY_V2_LIMITS.maxStages, so trying every set is cheap (Hall's condition).
 */
export async function checkStagesReachable(
  db: Kysely<CatalogSchema>,
  policy: AccessPolicy,
  stages: ResolvedStage[],
  principal: { principalId: string; upn: string | null },
): Promise<void> {
  const rules = stagesOf(policy);
  for (const [index, stage] of stages.entries()) {
    if (stage.approverIds.length > 0) continue;
    const namesManager = rules[index]?.approvers.manager ?? false;
    const noManager = namesManager && !(await managerOf(db, policy.connectorId, principal.principalId));
    const where = policy.stages?.length ? `${stageLabel(stages, index)} of the policy` : 'The policy';
    throw rule(
      'no_approver',
      noManager
        ? `${where} names the requester's manager as approver, but ${principal.upn ?? principal.principalId} has no manager in Entra and nobody else qualifies (self-approval is never allowed).`
        : `${where} names no approver other than the requester or the principal (self-approval is never allowed).`,
    );
  }
  for (const [index, stage] of stages.entries()) {
    if (stage.approverIds.length < stage.quorum)
      throw rule(
        'quorum_unreachable',
        `The quorum of ${stageLabel(stages, index)} is ${stage.quorum}, but only ${stage.approverIds.length} of its approvers are neither the requester nor the principal.`,
      );
  }
  for (let set = 1; set < 1 << stages.length; set++) {
    const chosen = stages.flatMap((stage, index) => ((set >> index) & 1 ? [index] : []));
    if (chosen.length < 2) continue;
    const people = new Set(chosen.flatMap((index) => stages[index]!.approverIds)).size;
    const needed = chosen.reduce((sum, index) => sum + stages[index]!.quorum, 0);
    if (people < needed)
      throw rule(
        'quorum_unreachable',
        `${chosen.map((index) => stageLabel(stages, index)).join(' and ')} need ${needed} distinct approvers together (a person approves in one stage only), but only ${people} people qualify.`,
      );
  }
}

/**
 * A request for a pair whose grant is live joins that grant's workflow (update-with-start, USE_EXISTING), which would
 * drop its break-glass or startAt: such a request is refused instead of silently becoming an extension.
 */
export async function checkNoLiveGrant(
  db: Kysely<CatalogSchema>,
  pair: RemovalPair & { connectorId: string },
  body: { breakGlass?: boolean | undefined; startAt?: string | undefined },
): Promise<void> {
  if (!body.breakGlass && body.startAt === undefined) return;
  const live = await getAccessGrant(db, accessGrantWorkflowId(pair));
  if (!live || live.stage === 'ended') return;
  const when = live.expires_at
    ? `, until ${live.expires_at.toISOString()}`
    : live.start_at
      ? `, starting ${live.start_at.toISOString()}`
      : '';
  const what = body.breakGlass ? 'break-glass access' : 'access at a later start';
  throw apiErrors.conflict(
    `This access already has a live request/grant: ${pair.entitlementId} for ${pair.principalId} is ${live.stage}${when}. ` +
      `Lantern cannot add ${what} beside it; revoke it first, or request without ${body.breakGlass ? 'breakGlass' : 'startAt'} to extend it.`,
    { rule: 'live_grant', stage: live.stage },
  );
}

/**
 * Time-boxed access Lantern could not remove when it ends (a protected account, the last owner, the last Global
 * Administrator) would become permanent: refused up front. Access the principal already holds directly is not added
 * (the grant records it as pre-existing and never removes it), so it is no reason to refuse.
 */
export async function checkRemovable(db: Kysely<CatalogSchema>, connectorId: string, pair: RemovalPair): Promise<void> {
  if (await holdsDirectly(db, connectorId, pair.entitlementId, pair.principalId)) return;
  const refusal = await removalRefusal(db, connectorId, pair);
  if (refusal) throw rule('removal_guarded', `Lantern could not remove this access when it ends: ${refusal}`);
}
