/**
 * Sweeps and events must agree. For every rule and every resource the demo's sample account and the
 * benchmark's synthetic account hold, the verdict a sweep gives (engine, listing then evaluation)
 * equals the verdict a real-shaped CloudTrail record about that resource gives (router, then
 * evaluate-route): same status, same reason. And whatever an event evaluates that still exists, the
 * sweep lists: otherwise continuous mode closes the event's finding at the next sweep ("no longer
 * listed") and re-opens it at the next event, a flapping history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticAccount } from '../../../bench/synthetic-account.js';
import { SAMPLE_REGIONS, sampleAccount } from '../../../src/cli/demo/sample-account.js';
import type { BoundRule, Rule } from '../../../src/rules/define-rule.js';
import { RULES, selectRules } from '../../../src/rules/index.js';
import { createReaders, type Readers } from '#shared/aws/readers.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { buildTriggerTable } from '#shared/engine/cloudtrail-router.js';
import { evaluate } from '#shared/engine/engine.js';
import { evaluateRoute } from '#shared/engine/evaluate-route.js';
import { memoryPolicyArn } from '../../../src/cli/demo/memory-account/iam.js';
import { ensureRegion, type MemoryAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';
import type { Finding } from '#shared/core/model.js';
import { homeRegionOf, partitionOf } from '#shared/core/resource-ids.js';
import { recordNaming, type TriggerFixture, triggerFixtures } from '../../helpers/trigger-events.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const TABLE = buildTriggerTable(RULES);
/** `rule fixture` pairs some world evaluated a record of. */
const used = new Set<string>();

interface World {
  label: string;
  account: MemoryAccount;
  regions: readonly string[];
}

/**
 * The sample account plus the resources a rule keeps out of its scope: an internal ALB, a network
 * load balancer, a private API, a usage budget, a Memcached cluster, a read replica, a database being
 * deleted, an organization trail; policies attached to no role (to nothing, to a user only), AWS
 * managed included; the inline policies of a user and a group.
 */
function sampleWithScopeEdges(): MemoryAccount {
  const account = sampleAccount();
  const region = 'eu-west-1';
  const edges = ensureRegion(account, region);
  edges.elbv2.loadBalancers.push({ name: 'internal-admin', scheme: 'internal' }, { name: 'tcp-ingress', type: 'network' });
  edges.apigateway.restApis.push({ id: 'pr1v4t3ap1', name: 'internal-api', endpointType: 'PRIVATE', stages: [{ name: 'v1' }] });
  account.budgets.budgets.push({ name: 'ec2-hours', type: 'USAGE', limit: { amount: 1000, unit: 'Hrs' }, notifications: [] });
  edges.elasticache.cacheClusters.push({ id: 'page-cache', engine: 'memcached', autoMinorVersionUpgrade: true });
  edges.rds.instances.push(
    { id: 'orders-replica', engine: 'postgres', replicaSourceId: 'orders', storageEncrypted: true },
    { id: 'legacy-db', engine: 'mysql', status: 'deleting' },
  );
  const allS3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  account.iam.policies.push(
    { name: 'spare-s3-admin', document: allS3 },
    { name: 'humans-s3-admin', document: allS3 },
    { name: 'AmazonS3FullAccess', awsManaged: true, document: allS3 },
  );
  account.iam.users.push({
    name: 'deploy-bot',
    attachedPolicies: [
      memoryPolicyArn({ name: 'humans-s3-admin', document: allS3 }, account.accountId),
      memoryPolicyArn({ name: 'AmazonS3FullAccess', awsManaged: true, document: allS3 }, account.accountId),
    ],
    inlinePolicies: { 'deploy-all': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
  });
  account.iam.groups.push({
    name: 'readers',
    inlinePolicies: { 'read-logs': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:Get*', Resource: '*' }] } },
  });
  edges.cloudtrail.trails.push({ name: 'org-trail', ownerAccountId: '999988887777', organization: true, multiRegion: true, homeRegion: 'us-east-1' });
  return account;
}

const WORLDS: ReadonlyArray<() => World> = [
  () => ({ label: 'the sample account', account: sampleAccount(), regions: SAMPLE_REGIONS }),
  () => ({ label: 'the sample account with scope edges', account: sampleWithScopeEdges(), regions: SAMPLE_REGIONS }),
  () => {
    const regions = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-1'];
    return { label: 'the benchmark account', account: syntheticAccount('210987654321', regions), regions };
  },
];

const keyOf = (f: Pick<Finding, 'ruleId' | 'region' | 'resourceId'>) => `${f.ruleId} ${f.region} ${f.resourceId}`;
const verdictOf = (f: Finding) => `${f.status}: ${f.reason}`;

/**
 * What a rule could be asked about in a region: what any rule of the same AWS service lists there,
 * and everything of that service the readers can list unfiltered (internal load balancers, private
 * API stages, non-cost budgets, shadow trails, cluster members...).
 */
async function inventory(readers: Readers): Promise<Map<string, Set<string>>> {
  const byService = new Map<string, Set<string>>();
  const add = (service: string, names: Iterable<string>) => {
    const set = byService.get(service) ?? new Set<string>();
    for (const name of names) set.add(name);
    byService.set(service, set);
  };
  const { elbv2, apigateway, budgets, cloudtrail, elasticache, rds, iam } = readers;
  add('ElasticLoadBalancingV2', [...(await elbv2.loadBalancers()).map((lb) => lb.arn), ...(await apigateway.allStages()).map((s) => s.arn)]);
  add('Budgets', await budgets.budgetNames());
  add(
    'CloudTrail',
    (await cloudtrail.trails()).flatMap((t) => [t.name, t.arn]),
  );
  add('ElastiCache', [...(await elasticache.clusters()).map((c) => c.arn), ...(await elasticache.replicationGroups()).map((g) => g.arn)]);
  add('RDS', [...(await rds.instances()).map((d) => d.arn), ...(await rds.clusters()).map((d) => d.arn)]);
  add('IAM', [
    ...(await iam.customerPolicies()).map((p) => p.arn),
    ...(await iam.attachedAwsPolicies()).map((p) => p.arn),
    ...(await iam.inlinePolicies('role')),
    ...(await iam.inlinePolicies('user')),
    ...(await iam.inlinePolicies('group')),
    // Principals by kind, as rules judging a principal name them: with the policy in question or not.
    ...(await Promise.all((['role', 'user', 'group'] as const).map(async (kind) => (await iam.principals(kind)).map((p) => `${kind}/${p.name}`)))).flat(),
  ]);
  return byService;
}

const serviceOf = (rule: Rule) => rule.resourceType.split('::')[1] ?? rule.resourceType;

interface Outcome {
  sweep: Map<string, Finding>;
  /** Findings of every evaluated event, with the record that produced them. */
  events: Array<{ finding: Finding; record: string }>;
  /** `rule name` pairs a sweep lists that no trigger's record can name. */
  unreachable: string[];
}

async function sweepAndEvents(world: World): Promise<Outcome> {
  const { account, regions } = world;
  const accountId = account.accountId;
  const apis = memoryApiProvider(account);
  const sweep = await evaluate({ accountId, regions, rules: selectRules(), apis, now: () => NOW });
  const sweepByKey = new Map(sweep.findings.map((f) => [keyOf(f), f]));

  const events: Outcome['events'] = [];
  const unreachable: string[] = [];
  const covered = new Set<string>();
  const evaluated = new Set<string>();
  const home = homeRegionOf(partitionOf(regions[0] ?? 'us-east-1'));

  const runRecord = async (record: ReturnType<typeof recordNaming>, label: string) => {
    if (!record) return;
    const fingerprint = JSON.stringify(record);
    if (evaluated.has(fingerprint)) return;
    evaluated.add(fingerprint);
    const route = routeRecord(record, TABLE);
    if (route.action !== 'evaluate') throw new Error(`${label}: the router skipped it (${route.reason}: ${route.message})`);
    for (const target of route.targets) for (const name of target.resourceNames) covered.add(`${target.rule.id} ${route.region} ${name}`);
    const result = await evaluateRoute(route, { accountId, apis, regions, now: () => NOW });
    for (const finding of result.findings) events.push({ finding, record: label });
  };

  const session = new ScanSession();
  const bound: BoundRule[] = selectRules();
  for (const rule of bound) {
    const fixtures = triggerFixtures(rule.rule);
    const ruleRegions = rule.rule.global ? [home] : regions;
    for (const region of ruleRegions) {
      if (rule.scope === 'account') {
        for (const fixture of fixtures) {
          await runRecord(recordNaming(fixture, { region, accountId }), `${fixture.file} in ${region}`);
          used.add(`${rule.rule.id} ${fixture.file}`);
        }
        continue;
      }
      // A call that names no resource (DeleteFlowLogs) re-evaluates every resource of the region: once per region.
      for (const fixture of fixtures.filter((f) => f.trigger.everyResourceInRegion)) {
        await runRecord(recordNaming(fixture, { region, accountId }), `${fixture.file} in ${region}`);
        used.add(`${rule.rule.id} ${fixture.file}`);
      }
      const readers = createReaders({ apis, session, region, accountId });
      const ctx = { accountId, region, partition: partitionOf(region), params: rule.params, now: NOW };
      const listed = await rule.resources(readers, ctx);
      const pool = new Set<string>(listed);
      for (const other of bound) {
        if (other.scope === 'resource' && serviceOf(other.rule) === serviceOf(rule.rule)) {
          for (const name of await other.resources(readers, { ...ctx, params: other.params })) pool.add(name);
        }
      }
      for (const name of (await inventory(readers)).get(serviceOf(rule.rule)) ?? []) pool.add(name);

      // One record per resource, taking the rule's triggers in turn, so every trigger is exercised.
      let turn = 0;
      for (const name of pool) {
        if (covered.has(`${rule.rule.id} ${region} ${name}`)) continue;
        let picked: { record: NonNullable<ReturnType<typeof recordNaming>>; file: string; label: string } | undefined;
        for (let i = 0; i < fixtures.length && !picked; i += 1) {
          const fixture = fixtures[(turn + i) % fixtures.length]!;
          const record = recordNaming(fixture, { name, region, accountId });
          if (record) picked = { record, file: fixture.file, label: `${fixture.file} naming ${name} in ${region}` };
        }
        turn += 1;
        if (!picked) {
          if (listed.includes(name)) unreachable.push(`${rule.rule.id} ${name}`);
          continue;
        }
        await runRecord(picked.record, picked.label);
        used.add(`${rule.rule.id} ${picked.file}`);
      }
      // Then every trigger's record at least once, about the first resource it can name.
      for (const fixture of fixtures) {
        if (used.has(`${rule.rule.id} ${fixture.file}`)) continue;
        for (const name of pool) {
          const record = recordNaming(fixture, { name, region, accountId });
          if (!record) continue;
          await runRecord(record, `${fixture.file} naming ${name} in ${region}`);
          used.add(`${rule.rule.id} ${fixture.file}`);
          break;
        }
      }
    }
  }
  return { sweep: sweepByKey, events, unreachable };
}

/** Divergences between the sweep and the events, one line each. */
function divergences({ sweep, events }: Outcome): string[] {
  const problems = new Set<string>();
  for (const { finding, record } of events) {
    const swept = sweep.get(keyOf(finding));
    if (finding.status === 'RESOLVED') {
      if (swept) problems.add(`${keyOf(finding)}: the event (${record}) says ${verdictOf(finding)}, the sweep ${verdictOf(swept)}`);
      continue;
    }
    if (!swept) {
      problems.add(`${keyOf(finding)}: the event (${record}) says ${verdictOf(finding)}, the sweep does not list it`);
    } else if (verdictOf(swept) !== verdictOf(finding)) {
      problems.add(`${keyOf(finding)}: the event (${record}) says ${verdictOf(finding)}, the sweep ${verdictOf(swept)}`);
    }
  }
  return [...problems].sort();
}

/**
 * Sweep findings no event reached. A resource rule's account-level finding ("no ... in <region>", a
 * failed listing) is about no resource an event could name, so it is left out.
 */
function unreached({ sweep, events }: Outcome): string[] {
  const reached = new Set(events.map((e) => keyOf(e.finding)));
  const resourceRules = new Set(RULES.filter((r) => r.scope === 'resource').map((r) => r.id));
  return [...sweep.values()]
    .filter((f) => !(resourceRules.has(f.ruleId) && f.resourceType === 'AWS::::Account') && !reached.has(keyOf(f)))
    .map((f) => `${keyOf(f)}: ${verdictOf(f)}`)
    .sort();
}

describe.each(WORLDS.map((build) => [build().label, build] as const))('sweep and event verdicts agree on %s', (_label, build) => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await sweepAndEvents(build());
  }, 180_000);

  it('gives every resource the same status and reason through an event as through the sweep', () => {
    expect(outcome.events.length).toBeGreaterThan(0);
    expect(divergences(outcome)).toEqual([]);
  });

  it('reaches every resource a sweep judges through some rule trigger', () => {
    expect(unreached(outcome)).toEqual([]);
    expect(outcome.unreachable).toEqual([]);
  });
});

it('evaluates, across these accounts, a record of every call every rule listens to', () => {
  // A record its trigger names nothing in is left to the sweep by design.
  const nameable = (rule: Rule, f: TriggerFixture) =>
    rule.scope === 'account' || f.trigger.everyResourceInRegion === true || (f.trigger.resourceNames?.(f.detail) ?? []).length > 0;
  const missing = RULES.flatMap((rule) =>
    triggerFixtures(rule)
      .filter((f) => nameable(rule, f))
      .map((f) => `${rule.id} ${f.file}`),
  ).filter((pair) => !used.has(pair));
  expect(missing).toEqual([]);
});
