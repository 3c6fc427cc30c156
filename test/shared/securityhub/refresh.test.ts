/**
 * The weekly refresh keeps active findings in Security Hub, which deletes a finding 90 days after its
 * last update. First on dynalite, through continuous mode, against a Security Hub stand-in that deletes
 * what it was not told about for 90 days; then measured for 5,000 findings over a month of hourly
 * sweeps (the figures docs/reliability.md quotes: `npx vitest run test/shared/securityhub/refresh.test.ts`).
 */
import { type AwsSecurityFinding, BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findRule } from '../../../src/rules/index.js';
import { runSweep } from '#shared/continuous/orchestration.js';
import { dynamoExportCursor } from '#shared/securityhub/export-cursor.js';
import { securityHubExporter } from '#shared/securityhub/exporter.js';
import { MAX_BATCH_FINDINGS, SecurityHubImporter } from '#shared/securityhub/importer.js';
import { dynamoRefreshMarks, planRefresh, REFRESH_PERIOD_MS, type RefreshMarks } from '#shared/securityhub/refresh.js';
import { ACCOUNT, continuousDeps, emptyAccount } from '../../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';
import { stored } from './fixtures.js';

const securityHub = mockClient(SecurityHubClient);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
/** Security Hub deletes a finding this long after its last update. */
const RETENTION_MS = 90 * DAY;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

/** Keeps each finding's last UpdatedAt, and deletes it 90 days after, as Security Hub does. */
class SecurityHubRetention {
  readonly updatedAt = new Map<string, number>();
  readonly deleted = new Set<string>();
  /** Longest time between two updates of one finding. */
  longestGap = 0;

  import(findings: readonly AwsSecurityFinding[]): void {
    for (const f of findings) {
      const id = f.Id ?? '';
      const at = Date.parse(f.UpdatedAt ?? '');
      const previous = this.updatedAt.get(id);
      if (previous !== undefined) {
        expect(at, `${id}: UpdatedAt never goes back`).toBeGreaterThanOrEqual(previous);
        this.longestGap = Math.max(this.longestGap, at - previous);
      }
      this.updatedAt.set(id, at);
    }
  }

  expire(now: number): void {
    for (const [id, at] of this.updatedAt) if (now - at >= RETENTION_MS) this.deleted.add(id);
  }
}

describe('the weekly refresh on dynalite', () => {
  beforeEach(() => securityHub.reset());

  it('keeps a FAIL that stays FAIL for 120 days in Security Hub, refreshed at most a week apart (plus one sweep interval)', async () => {
    // Prepare: two buckets that never change, one that is deleted on day 3; a sweep every 2 days.
    const account = emptyAccount();
    account.s3.buckets.push(
      { name: 'stays-failing', region: 'eu-west-1' },
      { name: 'stays-passing', region: 'eu-west-1', versioning: 'Enabled' },
      { name: 'goes-away', region: 'eu-west-1' },
    );
    const base = await continuousDeps(dynamo, account, ['s3-bucket-versioning-enabled']);
    const hub = new SecurityHubRetention();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
      hub.import(input.Findings);
      return { SuccessCount: input.Findings.length, FailedCount: 0 };
    });
    let clock = T0;
    const deps = {
      ...base,
      now: () => new Date(clock),
      exporter: securityHubExporter({
        importer: new SecurityHubImporter(new SecurityHubClient({ region: 'eu-west-1' })),
        cursor: dynamoExportCursor(base.store),
        refreshMarks: dynamoRefreshMarks(base.store),
        region: 'eu-west-1',
        accountId: ACCOUNT,
        describeRule: (id) => findRule(id),
      }),
    };
    const interval = 2 * DAY;

    // Act
    let refreshed = 0;
    for (; clock <= T0 + 120 * DAY; clock += interval) {
      if (clock >= T0 + 3 * DAY) account.s3.buckets = account.s3.buckets.filter((b) => b.name !== 'goes-away');
      const sweep = await runSweep(deps, ACCOUNT, ['eu-west-1']);
      refreshed += sweep.export?.refreshed ?? 0;
      hub.expire(clock);
    }

    // Assess
    const id = (bucket: string) => `preflight/s3-bucket-versioning-enabled/arn:aws:s3:::${bucket}`;
    expect([...hub.deleted]).toEqual([id('goes-away')]); // archived on day 4, never refreshed again: Security Hub lets it go
    expect(hub.longestGap).toBeLessThanOrEqual(REFRESH_PERIOD_MS + interval);
    // Two active findings, 120 days, one refresh a week each: 2 × 17, give or take one at either end.
    expect(refreshed).toBeGreaterThanOrEqual(32);
    expect(refreshed).toBeLessThanOrEqual(36);
  }, 120_000);
});

describe('the cost of the refresh, measured', () => {
  it('5,000 active findings, hourly sweeps for a month: each refreshed once a week, about one extra BatchImportFindings call per sweep', () => {
    // Prepare: 5,000 findings across 40 rules of one region, all changed long ago.
    const findings = Array.from({ length: 5_000 }, (_, i) =>
      stored({
        ruleId: `rule-${i % 40}`,
        resourceId: `arn:aws:s3:::bucket-${i}`,
        resourceName: `bucket-${i}`,
        lastChangedAt: new Date(T0 - 200 * DAY).toISOString(),
      }),
    );
    const complete = Array.from({ length: 40 }, (_, r) => ({ ruleId: `rule-${r}`, region: 'eu-west-1' }));
    const marks: RefreshMarks = new Map([['eu-west-1', new Map(complete.map((c) => [c.ruleId, new Date(T0).toISOString()]))]]);
    const month = 30.44 * DAY;
    const lastRefresh = new Map<string, number>();
    let imports = 0;
    let calls = 0;
    let longestGap = 0;

    // Act
    for (let now = T0 + HOUR; now <= T0 + month; now += HOUR) {
      const { due, scopes } = planRefresh({ accountId: ACCOUNT, complete, findings }, marks, new Date(now));
      imports += due.length;
      calls += Math.ceil(due.length / MAX_BATCH_FINDINGS);
      for (const f of due) {
        const previous = lastRefresh.get(f.resourceId) ?? T0;
        longestGap = Math.max(longestGap, now - previous);
        lastRefresh.set(f.resourceId, now);
      }
      for (const [region, rules] of scopes) for (const rule of rules) marks.get(region)?.set(rule, new Date(now).toISOString());
    }

    // Assess
    const perFinding = month / REFRESH_PERIOD_MS;
    expect(imports).toBeGreaterThan(5_000 * (perFinding - 1));
    expect(imports).toBeLessThan(5_000 * (perFinding + 1));
    expect(lastRefresh.size).toBe(5_000);
    expect(longestGap).toBeLessThanOrEqual(REFRESH_PERIOD_MS + HOUR);
    expect(calls).toBeLessThanOrEqual(Math.ceil(month / HOUR));
    console.log(
      `[refresh] 5,000 findings, hourly sweeps, ${(month / DAY).toFixed(2)} days: ${imports} findings re-imported ` +
        `(${(imports / 5_000).toFixed(2)} each), ${calls} BatchImportFindings calls, longest gap ${(longestGap / HOUR).toFixed(1)} h`,
    );
  });
});
