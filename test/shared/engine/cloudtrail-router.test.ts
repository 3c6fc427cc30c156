/**
 * The router's own contract, beyond what each rule family's trigger tests show: which EventBridge
 * envelopes it accepts, which detail-types each event source is delivered as, and the trigger that
 * re-evaluates every resource of a region.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineRule, pass } from '../../../src/rules/define-rule.js';
import { RULES } from '../../../src/rules/index.js';
import {
  API_CALL_DETAIL_TYPE,
  buildTriggerTable,
  cloudTrailEventSchema,
  detailTypesBySource,
  eventNamesBySource,
  routeCloudTrailDetail,
  SERVICE_EVENT_DETAIL_TYPE,
} from '#shared/engine/cloudtrail-router.js';
import { RuleDefinitionError } from '#shared/core/errors.js';

const fixture = (file: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/cloudtrail/${file}.json`, import.meta.url), 'utf8'));

function ruleWith(trigger: Record<string, unknown>, scope: 'resource' | 'account' = 'resource') {
  const base = {
    id: 'test-every-resource',
    title: 't',
    description: 'd',
    absentFields: 'a',
    severity: 'LOW' as const,
    resourceType: 'AWS::EC2::VPC' as const,
    checklist: { source: 's', item: 'i' },
    controls: {},
    iamActions: ['ec2:DescribeVpcs'],
    triggers: [{ eventSource: 'ec2.amazonaws.com', eventNames: ['DeleteFlowLogs'], ...trigger }],
    remediation: { text: 'r', cli: 'c' },
    evaluate: () => Promise.resolve(pass('ok')),
  };
  return defineRule(scope === 'resource' ? { ...base, resources: () => Promise.resolve(['vpc-1']) } : (base as never));
}

describe('the CloudTrail router', () => {
  it('accepts API calls and service events, and nothing else EventBridge labels', () => {
    expect(cloudTrailEventSchema.safeParse(fixture('secretsmanager-RotationSucceeded')).success).toBe(true);
    expect(cloudTrailEventSchema.safeParse(fixture('secretsmanager-RotateSecret')).success).toBe(true);
    for (const other of ['Scheduled Event', 'AWS Console Sign In via CloudTrail', 'AWS API Call via CloudTrail ']) {
      const event = { ...(fixture('secretsmanager-RotationSucceeded') as object), 'detail-type': other };
      expect(cloudTrailEventSchema.safeParse(event).success, other).toBe(false);
    }
  });

  it('delivers service events only for the sources a trigger reads them from (Secrets Manager rotations)', () => {
    const detailTypes = detailTypesBySource(RULES);
    const withServiceEvents = Object.entries(detailTypes).filter(([, types]) => types.includes(SERVICE_EVENT_DETAIL_TYPE));

    expect(Object.keys(detailTypes)).toEqual(Object.keys(eventNamesBySource(RULES)));
    expect(withServiceEvents).toEqual([['secretsmanager.amazonaws.com', [API_CALL_DETAIL_TYPE, SERVICE_EVENT_DETAIL_TYPE]]]);
    expect(Object.values(detailTypes).every((types) => types.includes(API_CALL_DETAIL_TYPE))).toBe(true);
  });

  it('routes a service event as it routes a call: RotationSucceeded re-evaluates the secret it names', () => {
    const { detail } = cloudTrailEventSchema.parse(fixture('secretsmanager-RotationSucceeded'));
    const route = routeCloudTrailDetail(detail, buildTriggerTable(RULES));

    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
      ['secretsmanager-rotation-enabled', ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:retainwise/prod/database-yZmxUc']],
    ]);
  });

  it('re-evaluates every resource of the region for an everyResourceInRegion trigger', () => {
    const { detail } = cloudTrailEventSchema.parse(fixture('ec2-DeleteFlowLogs'));
    const rule = ruleWith({ everyResourceInRegion: true });
    const route = routeCloudTrailDetail(detail, buildTriggerTable([rule]));

    expect(route).toMatchObject({ action: 'evaluate', region: 'eu-west-1', targets: [{ rule, resourceNames: [], everyResource: true }] });
  });

  it('refuses everyResourceInRegion with an extractor, or on an account-level rule', () => {
    expect(() => ruleWith({ everyResourceInRegion: true, resourceNames: () => ['vpc-1'] })).toThrow(RuleDefinitionError);
    expect(() => ruleWith({ everyResourceInRegion: true }, 'account')).toThrow(/everyResourceInRegion is for resource rules/);
  });
});
