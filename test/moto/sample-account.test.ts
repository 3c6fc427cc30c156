/**
 * The demo scenario over the wire. The sample account (plus edge cases, test/moto/scenario.ts) is
 * created in moto through the AWS APIs; then
 * - the real CLI (`node bin/preflight.mjs scan --format json`) scans moto in a child process, and each
 *   of its verdicts is checked against the table below;
 * - the same scenario is judged on the in-memory account, and every (rule, resource) verdict must be
 *   the same on both sides, except the differences listed in MOTO_DIVERGENCES, each explained.
 * A new difference is a bug in one of the two: in the in-memory account (fix it) or in moto (list it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGIONS } from '../../src/cli/demo/sample-account.js';
import type { ScanReport } from '../../src/cli/commands/scan.js';
import { RULES, selectRules } from '../../src/rules/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { memoryApiProvider } from '../../src/cli/demo/memory-account/index.js';
import type { Finding } from '#shared/core/model.js';
import { describeWithMoto, type MotoServer, startMoto } from '../helpers/moto.js';
import {
  EXPECTED_OVER_THE_WIRE,
  MOTO_DIVERGENCES,
  MOTO_REASON_DIVERGENCES,
  REASONS_DATED_BY_MOTO,
  type Side,
  type SideStatus,
} from './sample-account.expected.js';
import { scenarioAccount } from './scenario.js';
import { type Mirror, mirrorAccount } from './seed/mirror.js';
import { buildCli, findingKey, parseReport, runCli } from './support.js';

let moto: MotoServer | undefined;
let mirror: Mirror;
let report: ScanReport;
let inMemory: Finding[];
let exitCode: number | null;

describeWithMoto('the demo scenario over the wire (moto)', () => {
  beforeAll(async () => {
    // AWS managed policies (AmazonS3ReadOnlyAccess...) exist in moto only when asked for.
    moto = await startMoto({ env: { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' } });
    const now = new Date();
    mirror = await mirrorAccount(moto, scenarioAccount(now)).catch((error: unknown) => {
      throw new Error(`seeding moto failed; moto's output ends with:\n${moto?.output().slice(-4000)}`, { cause: error });
    });
    buildCli();
    const [run, memory] = await Promise.all([
      runCli(['scan', '--region', SAMPLE_REGIONS.join(','), '--format', 'json', '--no-config'], moto.endpoint),
      evaluate({ accountId: SAMPLE_ACCOUNT_ID, regions: SAMPLE_REGIONS, rules: selectRules(), apis: memoryApiProvider(scenarioAccount(now)) }),
    ]);
    exitCode = run.code;
    report = parseReport(run);
    inMemory = memory.findings;
  }, 240_000);

  afterAll(async () => {
    await moto?.stop();
  });

  /** A moto finding named with the in-memory ids (moto names VPCs, groups, certificates... itself). */
  const fromMoto = <F extends Pick<Finding, 'resourceName'>>(f: F): F => ({ ...f, resourceName: mirror.toMemory(f.resourceName) });
  const implicit = (f: Pick<Finding, 'resourceId'>) => mirror.implicitGroups.some((id) => f.resourceId.endsWith(`/${id}`));

  describe('preflight scan --format json', () => {
    it('scans the seeded account with every rule and exits 1 (HIGH failures)', () => {
      expect(exitCode).toBe(1);
      expect(report.accountId).toBe(SAMPLE_ACCOUNT_ID);
      expect(report.regions).toEqual([...SAMPLE_REGIONS]);
      expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(new Set(RULES.map((r) => r.id)));
    });

    it('gives each (rule, resource) the verdict the scenario calls for', () => {
      const verdicts = Object.fromEntries(report.findings.filter((f) => !implicit(f)).map((f) => [findingKey(fromMoto(f)), f.status]));
      expect(verdicts).toEqual(EXPECTED_OVER_THE_WIRE);
      console.info(`[moto] ${report.findings.length} (rule, resource) verdicts of preflight scan checked over the wire`);
    });

    it("passes the security groups AWS creates by itself (each VPC's default, a classic load balancer's)", () => {
      const groups = report.findings.filter(implicit);
      expect(groups.length).toBe(mirror.implicitGroups.length);
      for (const f of groups) expect(f.status, f.reason).toBe('PASS');
    });

    it('says ERROR, never PASS, where moto lacks the API (Budgets DescribeSubscribersForNotification, SES v2 GetAccount)', () => {
      const unserved = report.findings.filter((f) => f.ruleId === 'budget-alert-subscribers' || f.ruleId === 'ses-production-access');
      const applicable = unserved.filter(
        (f) => !(f.ruleId === 'budget-alert-subscribers' && f.status === 'NOT_APPLICABLE' && /has no notifications/.test(f.reason)),
      );
      expect(applicable.length).toBeGreaterThanOrEqual(5);
      for (const f of applicable) expect(`${findingKey(f)}: ${f.status}`).toBe(`${findingKey(f)}: ERROR`);
    });
  });

  describe('differential: moto and the in-memory account', () => {
    it('agree on every (rule, resource) verdict, but for the listed moto divergences', () => {
      const memory = new Map(inMemory.map((f) => [findingKey(f), f]));
      const wire = new Map(report.findings.filter((f) => !implicit(f)).map((f) => [findingKey(fromMoto(f)), f]));
      const differences: Record<string, Side> = {};
      let agreed = 0;
      for (const key of new Set([...memory.keys(), ...wire.keys()])) {
        const a: SideStatus = memory.get(key)?.status ?? 'absent';
        const b: SideStatus = wire.get(key)?.status ?? 'absent';
        if (a === b) agreed += 1;
        else differences[key] = { memory: a, moto: b };
      }
      const listed = Object.fromEntries(Object.entries(MOTO_DIVERGENCES).map(([key, d]) => [key, { memory: d.memory, moto: d.moto }]));
      expect(differences).toEqual(listed);
      console.info(`[moto] differential: ${agreed} (rule, resource) verdicts agree, ${Object.keys(differences).length} differ (listed moto divergences)`);
    });

    it('give the same reason where they agree, ids and numbers aside, but for the listed moto divergences', () => {
      // Numbers move with time (days since a rotation...) and moto names resources itself.
      const normalized = (reason: string) =>
        mirror
          .toMemory(reason)
          .replace(/\d+/g, 'N')
          .replace(/\b(day|hour|minute)s\b/g, '$1');
      const wire = new Map(report.findings.map((f) => [findingKey(fromMoto(f)), f]));
      const differences: Record<string, { memory: string; moto: string }> = {};
      for (const f of inMemory) {
        const key = findingKey(f);
        const other = wire.get(key);
        if (!other || other.status !== f.status || REASONS_DATED_BY_MOTO.includes(f.ruleId)) continue;
        if (normalized(other.reason) === normalized(f.reason)) continue;
        differences[key] = { memory: f.reason, moto: other.reason };
      }
      expect(Object.keys(differences).sort()).toEqual(Object.keys(MOTO_REASON_DIVERGENCES).sort());
    });
  });
});
