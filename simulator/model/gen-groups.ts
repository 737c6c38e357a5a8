// Groups of every kind Entra has, with skewed sizes (a few huge groups, many small ones), nesting (including one
// cycle, which Entra allows), and owners. Memberships are written straight into the tenant's index: the generated
// state is the baseline, not a history of changes.
import { asciiSlug, daysAgo, securityIdentifier, type GenContext } from './gen-context.js';
import { DEPARTMENTS, GROUP_TOPICS } from './names.js';
import type { Group } from './types.js';

type GroupKind = 'security' | 'm365' | 'dynamic' | 'onPrem' | 'roleAssignable' | 'mailSecurity' | 'distribution';

export interface GroupsOut {
  /** Groups that may hold other groups and service principals as members. */
  nestable: string[];
  roleAssignable: string[];
}

export function generateGroups(ctx: GenContext): GroupsOut {
  const rnd = ctx.rng.fork('groups');
  const kinds = planKinds(ctx.profile.groups);
  const names = new Set<string>();
  const out: GroupsOut = { nestable: [], roleAssignable: [] };
  const statics: string[] = [];
  let dynamicIndex = 0;
  kinds.forEach((kind, i) => {
    const group = buildGroup(ctx, kind, uniqueName(names, kind, i, kind === 'dynamic' ? dynamicIndex : -1));
    group.renewedDateTime = group.createdDateTime; // Entra sets it at creation; only a renew moves it
    ctx.tenant.putGroup(group);
    ctx.groupIds.push(group.id);
    if (kind === 'dynamic') fillDynamic(ctx, group, dynamicIndex++);
    else statics.push(group.id);
    if (kind === 'security' || kind === 'mailSecurity' || kind === 'onPrem') out.nestable.push(group.id);
    if (kind === 'roleAssignable') out.roleAssignable.push(group.id);
    addOwners(ctx, group.id, kind);
  });
  const dynamicTotal = ctx.groupIds.reduce((n, id) => n + (ctx.tenant.groupMembers.get(id)?.size ?? 0), 0);
  fillStatic(ctx, statics, Math.max(statics.length, ctx.profile.memberships - dynamicTotal));
  nest(ctx, out.nestable, rnd);
  return out;
}

function planKinds(n: number): GroupKind[] {
  const count = (share: number, min: number) => Math.max(min, Math.round(n * share));
  const plan: [GroupKind, number][] = [
    ['dynamic', Math.min(DEPARTMENTS.length + 1, count(0.03, 2))],
    ['roleAssignable', count(0.02, 1)],
    ['onPrem', count(0.1, 1)],
    ['mailSecurity', count(0.04, 1)],
    ['distribution', count(0.03, 1)],
    ['m365', count(0.25, 2)],
  ];
  const kinds = plan.flatMap(([kind, k]) => Array.from({ length: k }, () => kind));
  // The first security groups are the huge static ones (see fillStatic), so they come first among statics.
  return [...Array.from({ length: Math.max(3, n - kinds.length) }, () => 'security' as const), ...kinds].slice(
    0,
    Math.max(n, 10),
  );
}

function uniqueName(names: Set<string>, kind: GroupKind, i: number, dynamicIndex: number): string {
  const topic = GROUP_TOPICS[i % GROUP_TOPICS.length] ?? 'Team';
  const base =
    dynamicIndex === 0
      ? 'All Employees'
      : dynamicIndex > 0
        ? `Dept - ${DEPARTMENTS[(dynamicIndex - 1) % DEPARTMENTS.length]}`
        : {
            security: `SG-${topic}`,
            m365: `${topic} Team`,
            onPrem: `CORP-${topic}`,
            roleAssignable: `Role - ${topic} Admins`,
            mailSecurity: `${topic} Secure Mail`,
            distribution: `${topic} Announcements`,
            dynamic: topic,
          }[kind];
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base} ${n}`;
  names.add(name);
  return name;
}

function buildGroup(ctx: GenContext, kind: GroupKind, displayName: string): Group {
  const id = ctx.rng.uuid();
  const mailNickname = asciiSlug(displayName).slice(0, 56) || `group${id.slice(0, 8)}`;
  const mailEnabled = kind === 'm365' || kind === 'mailSecurity' || kind === 'distribution';
  return {
    id,
    displayName,
    description: kind === 'dynamic' ? 'Membership is computed from user attributes.' : `${displayName} (${kind})`,
    mail: mailEnabled ? `${mailNickname}@${ctx.domain}` : null,
    mailNickname,
    mailEnabled,
    securityEnabled: kind !== 'm365' && kind !== 'distribution',
    groupTypes: kind === 'm365' ? ['Unified'] : kind === 'dynamic' ? ['DynamicMembership'] : [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    isAssignableToRole: kind === 'roleAssignable' ? true : null,
    onPremisesSyncEnabled: kind === 'onPrem' ? true : null,
    visibility:
      kind === 'm365' ? (ctx.rng.chance(0.7) ? 'Private' : 'Public') : kind === 'roleAssignable' ? 'Private' : null,
    createdDateTime: daysAgo(ctx, ctx.rng.int(10, 1_500)),
    securityIdentifier: securityIdentifier(id),
    proxyAddresses: mailEnabled ? [`SMTP:${mailNickname}@${ctx.domain}`] : [],
    ...(kind === 'onPrem' ? onPremisesAttributes(ctx, id, displayName) : {}),
  };
}

/** What Entra Connect writes on a synced group (no random draws, so the generated stream is unchanged). */
function onPremisesAttributes(ctx: GenContext, id: string, displayName: string): Partial<Group> {
  const netBios = ctx.domain.split('.')[0]!.slice(0, 15).toUpperCase();
  return {
    onPremisesSamAccountName: displayName.replace(/[^A-Za-z0-9-]/g, '').slice(0, 20),
    onPremisesDomainName: `${netBios.toLowerCase()}.corp`,
    onPremisesNetBiosName: netBios,
    onPremisesSecurityIdentifier: `S-1-5-21-1004336348-1177238915-682003330-${parseInt(id.slice(0, 4), 16) + 10_000}`,
    onPremisesLastSyncDateTime: new Date(ctx.anchor - 30 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Dynamic groups hold exactly the users their rule selects, as Entra computes them. */
function fillDynamic(ctx: GenContext, group: Group, index: number): void {
  const department = index === 0 ? null : (DEPARTMENTS[(index - 1) % DEPARTMENTS.length] ?? null);
  group.membershipRule = department ? `(user.department -eq "${department}")` : '(user.userType -eq "Member")';
  group.membershipRuleProcessingState = 'On';
  const members = ctx.tenant.groupMembers.get(group.id) as Set<string>;
  for (const user of ctx.tenant.users.values()) {
    if (department ? user.department === department : user.userType === 'Member') members.add(user.id);
  }
}

/** Three huge groups (50%, 25%, 10% of users), the rest log-normally sized to reach the membership target. */
function fillStatic(ctx: GenContext, groupIds: string[], target: number): void {
  const rnd = ctx.rng.fork('memberships');
  const users = ctx.userIds.length;
  const sizes = groupIds.map((_, i) => (i < 3 ? Math.round(users * [0.5, 0.25, 0.1][i]!) : 0));
  const weights = groupIds.map((_, i) => (i < 3 ? 0 : Math.exp(1.3 * rnd.normal())));
  // A group cannot hold more users than exist: what the cap cuts off is handed to the groups still below it.
  for (let round = 0; round < 4; round++) {
    const rest = target - sizes.reduce((a, b) => a + b, 0);
    const open = weights.map((w, i) => (sizes[i]! < users ? w : 0));
    const total = open.reduce((a, b) => a + b, 0);
    if (rest <= 0 || total === 0) break;
    open.forEach((w, i) => {
      sizes[i] = Math.min(users, sizes[i]! + Math.round((rest * w) / total));
    });
  }
  groupIds.forEach((id, i) => {
    const members = ctx.tenant.groupMembers.get(id) as Set<string>;
    for (const u of rnd.sample(users, sizes[i]!)) members.add(ctx.userIds[u]!);
  });
}

/** ~3% of nestable groups contain 1–3 other groups; the last two contain each other (a cycle). */
function nest(ctx: GenContext, nestable: string[], rnd: GenContext['rng']): void {
  if (nestable.length < 2) return;
  const [a, b] = [nestable[nestable.length - 1]!, nestable[nestable.length - 2]!];
  ctx.tenant.groupMembers.get(a)?.add(b);
  ctx.tenant.groupMembers.get(b)?.add(a);
  const parents = Math.max(2, Math.round(nestable.length * 0.03));
  for (let p = 0; p < parents; p++) {
    const parent = rnd.pick(nestable);
    for (let c = rnd.int(1, 3); c > 0; c--) {
      const child = rnd.pick(nestable);
      if (child !== parent) ctx.tenant.groupMembers.get(parent)?.add(child);
    }
  }
}

function addOwners(ctx: GenContext, groupId: string, kind: GroupKind): void {
  if (kind === 'onPrem') return; // synced groups are owned on-premises
  const p = kind === 'm365' ? 1 : kind === 'dynamic' ? 0.5 : 0.85;
  if (!ctx.rng.chance(p)) return;
  for (let n = ctx.rng.int(1, 2); n > 0; n--) ctx.tenant.addGroupOwner(groupId, ctx.rng.pick(ctx.memberIds));
}
