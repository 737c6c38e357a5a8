// What Lantern recommends for each review item, and why in plain words, evaluated by the database while staging (one
// CASE, so the rules live in one place and 150k items cost no round trips). The expression reads the staged row's
// `principal_kind`, `account_enabled` and `last_sign_in_at` and yields text[] {recommendation, reason}.
import { sql, type RawBuilder } from 'kysely';

export interface RecommendationInputs {
  /** False when the tenant has no Entra ID P1/P2 (or Lantern may not read sign-ins): last sign-ins mean nothing. */
  signInKnown: boolean;
  /** A user whose last sign-in is older than this many days is recommended for removal. */
  inactiveDays: number;
  /** The staging instant every age is measured from. */
  now: Date;
}

/** `text[]` of two: the recommendation ('keep' | 'remove' | 'none') and its reason. */
export function recommendationPair(p: RecommendationInputs): RawBuilder<string[]> {
  const now = sql`cast(${p.now.toISOString()} as timestamptz)`;
  const days = sql`floor(extract(epoch from (${now} - last_sign_in_at)) / 86400)::int`;
  const ago = sql`case when ${days} <= 0 then 'today' when ${days} = 1 then '1 day ago' else ${days} || ' days ago' end`;
  return sql<string[]>`case
    -- Service principals, managed identities and groups have no interactive sign-in to judge by: no opinion.
    when principal_kind = 'servicePrincipal' then array['none', 'No sign-in data for service principals']
    when principal_kind = 'managedIdentity' then array['none', 'No sign-in data for managed identities']
    when principal_kind <> 'user' then array['none', 'No sign-in data for groups (review their members)']
    -- A disabled account cannot use the access, whatever the tenant's licences say about sign-ins.
    when not account_enabled then array['remove', 'Disabled in Entra']
    -- Without P1/P2 Graph has no sign-in activity: an empty last sign-in is not evidence of disuse.
    when not cast(${p.signInKnown} as boolean) then
      array['none', 'Sign-in activity unknown (the tenant has no Entra ID P1/P2)']
    -- Known activity and none ever: the account exists but nobody uses it.
    when last_sign_in_at is null then array['remove', 'Never signed in']
    -- Dormant for longer than the campaign tolerates.
    when last_sign_in_at < ${now} - make_interval(days => cast(${p.inactiveDays} as int)) then
      array['remove', 'No sign-in for ' || ${days} || ' days']
    -- Used recently: keeping it is the likely answer.
    else array['keep', 'Signed in ' || ${ago}]
  end`;
}
