// Admits or refuses one Graph request against every bucket that applies to it, all or nothing: a refused request
// consumes nothing, so a client that waits the advertised Retry-After is admitted (Graph's own buckets behave the
// same way for a client that backs off; immediate retries are simply refused again).
import { graphErrors, type GraphError } from '../errors.js';
import { TokenBucket } from './bucket.js';
import type { RequestCost } from './cost.js';
import { limitsFor, WINDOWS_MS, type LimitedMode, type ThrottleLimits } from './limits.js';

export interface ThrottleInput {
  appId: string;
  tenantId: string;
  tenantUserCount: number;
  cost: RequestCost;
  mode: LimitedMode | 'off';
}

export type Admission = { ok: true; headers: Record<string, string> } | { ok: false; error: GraphError };

interface Charge {
  bucket: TokenBucket;
  amount: number;
  scope: string;
  information: string;
}

const LIMIT_PERCENTAGE_FROM = 0.8;

export class Throttler {
  private readonly buckets = new Map<string, TokenBucket>();

  /** `now` is real monotonic time: clients really wait Retry-After seconds, whatever the simulated clock says. */
  constructor(private readonly now: () => number) {}

  admit(input: ThrottleInput): Admission {
    const headers: Record<string, string> = { 'x-ms-resource-unit': String(input.cost.resourceUnits) };
    if (input.mode === 'off') return { ok: true, headers };
    const now = this.now();
    const charges = this.chargesFor(input, limitsFor(input.mode, input.tenantUserCount), now);
    const refused = charges
      .map((charge) => ({ charge, wait: charge.bucket.waitMs(charge.amount, now) }))
      .filter(({ wait }) => wait > 0)
      .sort((a, b) => b.wait - a.wait)[0];
    if (refused) {
      const retryAfter = Math.max(1, Math.ceil(refused.wait / 1000));
      return {
        ok: false,
        error: graphErrors.throttled(retryAfter, {
          'x-ms-throttle-scope': refused.charge.scope,
          'x-ms-throttle-information': refused.charge.information,
        }),
      };
    }
    for (const { bucket, amount } of charges) bucket.take(amount, now);
    const used = Math.max(...charges.map(({ bucket }) => bucket.usedFraction(now)));
    if (used > LIMIT_PERCENTAGE_FROM) headers['x-ms-throttle-limit-percentage'] = Math.min(1.8, used).toFixed(1);
    return { ok: true, headers };
  }

  private chargesFor(input: ThrottleInput, limits: ThrottleLimits, now: number): Charge[] {
    const { appId, tenantId, cost } = input;
    const pair = `${appId}/${tenantId}`;
    if (cost.auditLog) {
      return [
        this.charge(
          'auditLogRequests',
          limits,
          pair,
          now,
          1,
          `Tenant_Application/Read/${pair}`,
          'ResourceUnitLimitExceeded',
        ),
      ];
    }
    const charges = [
      this.charge(
        'pairResourceUnits',
        limits,
        pair,
        now,
        cost.resourceUnits,
        `Tenant_Application/ReadWrite/${pair}`,
        'ResourceUnitLimitExceeded',
      ),
      this.charge(
        'appResourceUnits',
        limits,
        appId,
        now,
        cost.resourceUnits,
        `Application/ReadWrite/${pair}`,
        'ResourceUnitLimitExceeded',
      ),
    ];
    if (cost.writeUnits > 0) {
      charges.push(
        this.charge(
          'pairWrites',
          limits,
          pair,
          now,
          cost.writeUnits,
          `Tenant_Application/Write/${pair}`,
          'WriteLimitExceeded',
        ),
        this.charge(
          'tenantWrites',
          limits,
          tenantId,
          now,
          cost.writeUnits,
          `Tenant/Write/${pair}`,
          'WriteLimitExceeded',
        ),
      );
    }
    return charges;
  }

  private charge(
    limit: keyof ThrottleLimits,
    limits: ThrottleLimits,
    owner: string,
    now: number,
    amount: number,
    scope: string,
    information: string,
  ): Charge {
    // The capacity is part of the key, so switching mode or crossing a tenant-size boundary starts a fresh bucket.
    const key = `${limit}/${limits[limit]}/${owner}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limits[limit], WINDOWS_MS[limit], now);
      this.buckets.set(key, bucket);
    }
    return { bucket, amount, scope, information };
  }
}
