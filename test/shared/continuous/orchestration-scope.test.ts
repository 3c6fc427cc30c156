/**
 * Through the real store (dynalite): a finding an event opens is one the next sweep lists, so sweeps
 * and events never take turns closing and re-opening it. Resources a rule keeps out of scope either
 * have a NOT_APPLICABLE finding of their own from the first sweep on (an internal ALB), or are judged
 * through another resource and never get one (a cluster member), whatever the events say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGIONS, sampleAccount } from '../../../src/cli/demo/sample-account.js';
import { findRule } from '../../../src/rules/index.js';
import { stageArn } from '#shared/aws/services/apigateway/reader.js';
import { handleCloudTrailDetail, runSweep } from '#shared/continuous/orchestration.js';
import { memoryLoadBalancerArn } from '../../../src/cli/demo/memory-account/elbv2.js';
import { ensureRegion, type MemoryAccount } from '../../../src/cli/demo/memory-account/index.js';
import { resourceIdOf } from '#shared/core/resource-ids.js';
import { continuousDeps } from '../../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';
import { recordNaming, triggerFixtures } from '../../helpers/trigger-events.js';
import { cloudTrailDetailSchema } from '#shared/engine/cloudtrail-router.js';

const REGION = 'eu-west-1';
const S3_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

function account(): MemoryAccount {
  const sample = sampleAccount();
  ensureRegion(sample, REGION).apigateway.restApis.push({ id: 'pr1v4t3ap1', name: 'internal-api', endpointType: 'PRIVATE', stages: [{ name: 'v1' }] });
  sample.budgets.budgets.push({ name: 'ec2-hours', type: 'USAGE', limit: { amount: 700, unit: 'Hrs' } });
  sample.iam.policies.push({ name: 'spare-s3-admin', document: S3_ALL });
  return sample;
}

const internalAlb = memoryLoadBalancerArn(REGION, SAMPLE_ACCOUNT_ID, { name: 'internal-jobs', id: '7a3f1e2d9b8c4d60' });

/** [rule, native name, region of the event, what the rule says of it, or undefined: no finding at all]. */
const CASES: ReadonlyArray<[ruleId: string, name: string, region: string, verdict: string | undefined]> = [
  ['wafv2-webacl-associated', internalAlb, REGION, 'NOT_APPLICABLE: ALB internal-jobs is internal: only internet-facing ALBs are in scope'],
  [
    'wafv2-webacl-associated',
    stageArn('aws', REGION, 'pr1v4t3ap1', 'v1'),
    REGION,
    'NOT_APPLICABLE: stage v1 of REST API internal-api (pr1v4t3ap1) is private (reachable from VPCs only): only public API stages are in scope',
  ],
  ['budget-alert-thresholds', 'ec2-hours', 'us-east-1', 'NOT_APPLICABLE: ec2-hours is a USAGE budget, not a cost budget'],
  ['elasticache-automatic-backup', `arn:aws:elasticache:${REGION}:${SAMPLE_ACCOUNT_ID}:cluster:sessions-001`, REGION, undefined],
  ['rds-multi-az', `arn:aws:rds:${REGION}:${SAMPLE_ACCOUNT_ID}:db:reporting-1`, REGION, undefined],
  ['iam-no-broad-s3-actions', `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/spare-s3-admin`, 'us-east-1', undefined],
];

describe('a resource out of a rule scope, swept and evented in turns, on dynalite', () => {
  it.each(CASES)('%s on %s keeps one steady history', async (ruleId, name, region, verdict) => {
    // Prepare: a clock that moves, so no evaluation is taken for an older, stale one.
    let clock = Date.parse('2026-03-10T12:00:00.000Z');
    const deps = {
      ...(await continuousDeps(dynamo, account(), [ruleId])),
      now: () => {
        clock += 60_000;
        return new Date(clock);
      },
    };
    const rule = findRule(ruleId)!;
    const records = triggerFixtures(rule).flatMap((fixture) => recordNaming(fixture, { name, region, accountId: SAMPLE_ACCOUNT_ID }) ?? []);
    expect(records.length).toBeGreaterThan(0);
    const findingRegion = rule.global ? 'global' : region;
    const resourceId = resourceIdOf(rule.resourceType, name, { accountId: SAMPLE_ACCOUNT_ID, region: findingRegion, partition: 'aws' });

    // Act: sweep, event, sweep, event, sweep.
    await runSweep(deps, SAMPLE_ACCOUNT_ID, SAMPLE_REGIONS);
    for (const record of records.slice(0, 2)) {
      const report = await handleCloudTrailDetail(deps, cloudTrailDetailSchema.parse(record), SAMPLE_ACCOUNT_ID);
      expect(report.route.action).toBe('evaluate');
      await runSweep(deps, SAMPLE_ACCOUNT_ID, SAMPLE_REGIONS);
    }

    // Assess
    const stored = await deps.store.get(ruleId, resourceId);
    if (verdict === undefined) {
      expect(stored).toBeUndefined();
      return;
    }
    expect(`${stored?.status}: ${stored?.reason}`).toBe(verdict);
    expect(stored?.history.map((h) => `${h.from} → ${h.to}`)).toEqual(['null → NOT_APPLICABLE']);
  });
});
