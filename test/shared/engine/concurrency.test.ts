/**
 * The engine keeps every (service, region) limiter busy: evaluations waiting on one region's limiter
 * must not hold back another region's (a global evaluation cap did, before the benchmark showed it).
 */
import { describe, expect, it } from 'vitest';
import { selectRules } from '../../../src/rules/index.js';
import type { ApiProvider, AwsApis } from '#shared/aws/readers.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';

const REGIONS = ['eu-west-1', 'us-west-2'];
const BUCKETS = 200;

/** Tracks S3 GetBucketVersioning calls in flight per region, and the peak of both at once. */
function tracking(apis: ApiProvider) {
  const inFlight = new Map<string, number>();
  let bothFull = 0;
  const limit = 4;
  const provider: ApiProvider = (region) => {
    const raw = apis(region);
    const s3 = async (): Promise<AwsApis['s3']> => {
      const inner = await raw.s3();
      return {
        ...inner,
        getBucketVersioning: async (input) => {
          inFlight.set(region, (inFlight.get(region) ?? 0) + 1);
          if (REGIONS.every((r) => (inFlight.get(r) ?? 0) === limit)) bothFull += 1;
          try {
            return await inner.getBucketVersioning(input);
          } finally {
            inFlight.set(region, (inFlight.get(region) ?? 0) - 1);
          }
        },
      };
    };
    return { ...raw, s3 };
  };
  return { provider, limit, bothFull: () => bothFull };
}

function account() {
  const a = emptyAccount('123456789012', REGIONS);
  for (const region of REGIONS) {
    for (let i = 0; i < BUCKETS; i += 1) a.s3.buckets.push({ name: `${region}-b${i}`, region, versioning: 'Enabled' });
  }
  return a;
}

describe('engine concurrency', () => {
  it('fills every region’s S3 limiter at once when no evaluation cap is set', async () => {
    const t = tracking(memoryApiProvider(account(), { latencyMs: 2 }));
    const session = new ScanSession({ concurrency: { s3: t.limit } });
    const result = await evaluate({
      accountId: '123456789012',
      regions: REGIONS,
      rules: selectRules({ ruleIds: ['s3-bucket-versioning-enabled'] }),
      apis: t.provider,
      session,
    });
    expect(result.findings).toHaveLength(2 * BUCKETS);
    expect(result.findings.every((f) => f.status === 'PASS')).toBe(true);
    // Nearly every call starts while both regions are at their limit (a cap of 32 managed 1 in 8).
    expect(t.bothFull()).toBeGreaterThan(2 * BUCKETS * 0.75);
  });

  it('honours an explicit evaluation cap (1 = one evaluation at a time)', async () => {
    const t = tracking(memoryApiProvider(account(), { latencyMs: 0 }));
    const result = await evaluate({
      accountId: '123456789012',
      regions: REGIONS,
      rules: selectRules({ ruleIds: ['s3-bucket-versioning-enabled'] }),
      apis: t.provider,
      session: new ScanSession({ concurrency: { s3: t.limit } }),
      concurrency: 1,
    });
    expect(result.findings).toHaveLength(2 * BUCKETS);
    expect(t.bothFull()).toBe(0);
  });
});
