import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CloudTrailDetail } from '../../../src/rules/define-rule.js';
import { wafv2Rules } from '../../../src/rules/wafv2/index.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(name: string): { detail: CloudTrailDetail } {
  const url = new URL(`../../fixtures/cloudtrail/${name}.json`, import.meta.url);
  const event = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { detail: { ...event.detail, requestParameters: event.detail.requestParameters ?? null } };
}

const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/public-api/50dc6c495c0c9188';
const stage = (name: string) => `arn:aws:apigateway:eu-west-1::/restapis/r3t41nw1se/stages/${name}`;

/** Every (fixture, event source) the WAF rule listens to, and the resource each fixture names. */
const EXPECTED: ReadonlyArray<[fixture: string, eventSource: string, names: string[]]> = [
  ['wafv2-AssociateWebACL', 'wafv2.amazonaws.com', [ALB]],
  ['wafv2-DisassociateWebACL', 'wafv2.amazonaws.com', [ALB]],
  ['elasticloadbalancing-CreateLoadBalancer', 'elasticloadbalancing.amazonaws.com', [ALB]],
  ['elasticloadbalancing-DeleteLoadBalancer', 'elasticloadbalancing.amazonaws.com', [ALB]],
  ['apigateway-CreateStage', 'apigateway.amazonaws.com', [stage('prod')]],
  ['apigateway-CreateDeployment', 'apigateway.amazonaws.com', [stage('staging')]],
  ['apigateway-DeleteStage', 'apigateway.amazonaws.com', [stage('staging')]],
];

const rule = wafv2Rules[0];

describe('WAF CloudTrail triggers', () => {
  it('cover exactly the events with a fixture here', () => {
    const declared = wafv2Rules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${t.eventSource} ${name}`)));
    const fixtures = EXPECTED.map(([name, source]) => `${source} ${name.split('-').slice(1).join('-')}`);
    expect(declared.sort()).toEqual(fixtures.sort());
  });

  it.each(EXPECTED)('%s names %j', (name, eventSource, names) => {
    const { detail } = fixture(name);
    const trigger = rule?.triggers.find((t) => t.eventSource === eventSource && t.eventNames.includes(detail.eventName));

    expect(detail.eventSource).toBe(eventSource);
    expect(trigger?.resourceNames?.(detail)).toEqual(names);
  });

  it('routes AssociateWebACL to the WAF rule for that ALB, in the event region', () => {
    const route = routeRecord(fixture('wafv2-AssociateWebACL').detail, buildTriggerTable(wafv2Rules));

    expect(route).toMatchObject({ action: 'evaluate', region: 'eu-west-1', eventName: 'AssociateWebACL' });
    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([['wafv2-webacl-associated', [ALB]]]);
  });

  it('ignores resources that are neither ALBs nor REST API stages (network load balancers, AppSync, Cognito...)', () => {
    const { detail } = fixture('wafv2-AssociateWebACL');
    const names = (resourceArn: string) => rule?.triggers[0]?.resourceNames?.({ ...detail, requestParameters: { ...detail.requestParameters, resourceArn } });

    expect(names('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123')).toEqual([]);
    expect(names('arn:aws:appsync:eu-west-1:123456789012:apis/abcdefghijklmnopqrstuvwxyz')).toEqual([]);
    expect(names('arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/tcp-in/1234567890abcdef')).toEqual([]);
  });

  it('names nothing for a CreateDeployment that creates no stage', () => {
    const { detail } = fixture('apigateway-CreateDeployment');
    const trigger = rule?.triggers.find((t) => t.eventNames.includes('CreateDeployment'));

    expect(trigger?.resourceNames?.({ ...detail, requestParameters: { restApiId: 'r3t41nw1se', createDeploymentInput: {}, template: false } })).toEqual([]);
  });
});
