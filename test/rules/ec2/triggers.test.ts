import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEc2Sample } from '../../../src/cli/demo/sample/ec2.js';
import type { CloudTrailDetail } from '../../../src/rules/define-rule.js';
import { ec2Rules } from '../../../src/rules/ec2/index.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { evaluate } from '#shared/engine/engine.js';
import { evaluateRoute } from '#shared/engine/evaluate-route.js';
import { emptyAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';
import { ACCOUNT } from '../../helpers/aws.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): CloudTrailDetail {
  const url = new URL(`../../fixtures/cloudtrail/ec2-${eventName}.json`, import.meta.url);
  const { detail } = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { ...detail, requestParameters: detail.requestParameters ?? null, responseElements: detail.responseElements ?? null };
}

/** What each rule re-evaluates for one event, as the router computes it from the rules' triggers. */
function targetsOf(detail: CloudTrailDetail): Record<string, string[]> {
  const route = routeRecord(detail, buildTriggerTable(ec2Rules));
  if (route.action !== 'evaluate') throw new Error(`${detail.eventName} was skipped: ${route.message}`);
  expect(route.region).toBe('eu-west-1');
  return Object.fromEntries(route.targets.map((t) => [t.rule.id, t.resourceNames]));
}

const FLOW = 'vpc-flow-logs-enabled';
const SG = 'ec2-sg-no-open-admin-ports';

/** Every (rule, eventName) the EC2 rules listen to, and what each fixture names. */
const EXPECTED: ReadonlyArray<[ruleId: string, eventName: string, names: string[] | 'every VPC']> = [
  [FLOW, 'CreateFlowLogs', ['vpc-0legacy']],
  [FLOW, 'DeleteFlowLogs', 'every VPC'],
  [FLOW, 'CreateVpc', ['vpc-0staging']],
  [FLOW, 'DeleteVpc', ['vpc-0legacy']],
  [SG, 'AuthorizeSecurityGroupIngress', ['sg-0bastion']],
  [SG, 'RevokeSecurityGroupIngress', ['sg-0bastion']],
  [SG, 'ModifySecurityGroupRules', ['sg-0web']],
  [SG, 'CreateSecurityGroup', ['sg-0reporting']],
  [SG, 'DeleteSecurityGroup', ['sg-0alltrafficv6']],
];

describe('EC2 CloudTrail triggers', () => {
  it('cover exactly the events listed here, all from ec2.amazonaws.com', () => {
    const declared = ec2Rules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([id, name]) => `${id} ec2.amazonaws.com ${name}`).sort());
  });

  it.each(EXPECTED)('%s extracts the resource from %s', (ruleId, eventName, names) => {
    const rule = ec2Rules.find((r) => r.id === ruleId);
    const trigger = rule?.triggers.find((t) => t.eventNames.includes(eventName));

    if (names === 'every VPC') {
      expect(trigger?.resourceNames).toBeUndefined();
      expect(trigger?.everyResourceInRegion).toBe(true);
    } else {
      expect(trigger?.resourceNames?.(fixture(eventName))).toEqual(names);
    }
  });

  it('routes each event to its one rule; DeleteFlowLogs names no VPC, so every VPC of its region is re-evaluated', () => {
    expect(targetsOf(fixture('CreateFlowLogs'))).toEqual({ [FLOW]: ['vpc-0legacy'] });
    expect(targetsOf(fixture('ModifySecurityGroupRules'))).toEqual({ [SG]: ['sg-0web'] });
    const route = routeRecord(fixture('DeleteFlowLogs'), buildTriggerTable(ec2Rules));
    expect(route.action === 'evaluate' && route.targets.map((t) => ({ rule: t.rule.id, names: t.resourceNames, every: t.everyResource }))).toEqual([
      { rule: FLOW, names: [], every: true },
    ]);
  });

  it('DeleteFlowLogs turns the VPC that lost its only flow log FAIL within the event, and leaves the others as they are', async () => {
    const account = emptyAccount(ACCOUNT);
    applyEc2Sample(account);
    const apis = memoryApiProvider(account);
    const route = routeRecord(fixture('DeleteFlowLogs'), buildTriggerTable(ec2Rules));
    if (route.action !== 'evaluate') throw new Error(route.message);
    const before = await evaluateRoute(route, { accountId: ACCOUNT, apis });
    // The call of the fixture (fl-0prod), applied to the account.
    const region = account.regions['eu-west-1']!;
    region.ec2.flowLogs = region.ec2.flowLogs.filter((log) => log.id !== 'fl-0prod');
    const after = await evaluateRoute(route, { accountId: ACCOUNT, apis });

    const verdicts = (findings: typeof before.findings) => Object.fromEntries(findings.map((f) => [f.resourceName, f.status]));
    expect(verdicts(before.findings)).toEqual({ 'vpc-0prod': 'PASS', 'vpc-0legacy': 'FAIL' });
    expect(verdicts(after.findings)).toEqual({ 'vpc-0prod': 'FAIL', 'vpc-0legacy': 'FAIL' });
    expect(after.findings.find((f) => f.resourceName === 'vpc-0prod')?.reason).toBe('VPC vpc-0prod (retainwise-prod) has no flow log');
    // Two reads, whatever the number of VPCs: the region's VPCs and its flow logs.
    expect(after.calls).toEqual({ 'ec2:DescribeVpcs': 1, 'ec2:DescribeFlowLogs': 1 });
  });

  it('CreateFlowLogs names every VPC of a multi-resource call, and none for subnet flow logs', () => {
    const detail = fixture('CreateFlowLogs');
    const request = { ...(detail.requestParameters?.CreateFlowLogsRequest as Record<string, unknown>) };
    const many = {
      ...detail,
      requestParameters: {
        CreateFlowLogsRequest: {
          ...request,
          ResourceId: [
            { tag: 1, content: 'vpc-0a' },
            { tag: 2, content: 'vpc-0b' },
          ],
        },
      },
    };
    const subnets = {
      ...detail,
      requestParameters: { CreateFlowLogsRequest: { ...request, ResourceType: 'Subnet', ResourceId: { tag: 1, content: 'subnet-0a' } } },
    };
    const trigger = ec2Rules.find((r) => r.id === FLOW)?.triggers.find((t) => t.eventNames.includes('CreateFlowLogs'));

    expect(trigger?.resourceNames?.(many)).toEqual(['vpc-0a', 'vpc-0b']);
    expect(trigger?.resourceNames?.(subnets)).toEqual([]);
  });

  it('AuthorizeSecurityGroupIngress by group name (default VPC) takes the group id from the rules it answers', () => {
    const detail = fixture('AuthorizeSecurityGroupIngress');
    const { groupId: _dropped, ...byName } = detail.requestParameters ?? {};

    expect(targetsOf({ ...detail, requestParameters: { ...byName, groupName: 'bastion' } })).toEqual({ [SG]: ['sg-0bastion'] });
  });

  it('gives an event the same finding ids a sweep of the same account gives', async () => {
    const account = emptyAccount(ACCOUNT);
    applyEc2Sample(account);
    const apis = memoryApiProvider(account);
    const events = ['CreateFlowLogs', 'DeleteVpc', 'AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules', 'DeleteSecurityGroup'];
    const targets = events.map((name) => targetsOf(fixture(name)));

    for (const rule of ec2Rules) {
      const names = [...new Set(targets.flatMap((t) => t[rule.id] ?? []))];
      const sweep = await evaluate({ accountId: ACCOUNT, regions: ['eu-west-1'], rules: [rule.bind()], apis });
      const targeted = await evaluate({
        accountId: ACCOUNT,
        regions: ['eu-west-1'],
        rules: [rule.bind()],
        apis,
        target: { region: 'eu-west-1', resourceNames: names },
      });

      expect(names.length, rule.id).toBeGreaterThan(0);
      expect(
        sweep.findings.map((f) => f.resourceId),
        rule.id,
      ).toEqual(expect.arrayContaining(targeted.findings.map((f) => f.resourceId)));
      expect(targeted.findings.map((f) => f.resourceName).sort(), rule.id).toEqual([...names].sort());
      expect(
        targeted.findings.every((f) => f.status !== 'RESOLVED' && f.status !== 'ERROR'),
        rule.id,
      ).toBe(true);
    }
  });
});
