import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudwatchRules } from '../../../src/rules/cloudwatch/index.js';
import type { CloudTrailDetail, Rule } from '../../../src/rules/define-rule.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

const MONITORING = 'monitoring.amazonaws.com';
const SNS = 'sns.amazonaws.com';
const OPS = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';

/** The fixture file of an event: `monitoring-PutMetricAlarm.json`, `sns-Subscribe.json`... */
function fixture(eventSource: string, eventName: string): CloudTrailDetail {
  const prefix = eventSource === SNS ? 'sns' : 'monitoring';
  const url = new URL(`../../fixtures/cloudtrail/${prefix}-${eventName}.json`, import.meta.url);
  const event = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  expect(event.detail.eventSource).toBe(eventSource);
  expect(event.detail.eventName).toBe(eventName);
  return { ...event.detail, requestParameters: event.detail.requestParameters ?? null };
}

function rule(id: string): Rule {
  const found = cloudwatchRules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

type Expected = [ruleId: string, eventSource: string, eventName: string, names: string[] | 'account'];

/** Every (rule, event) the CloudWatch rules listen to, with the names each must extract from its fixture. */
const EXPECTED: readonly Expected[] = [
  ['cloudwatch-alarm-action-configured', MONITORING, 'PutMetricAlarm', ['worker-queue-depth']],
  ['cloudwatch-alarm-action-configured', MONITORING, 'PutCompositeAlarm', ['api-degraded']],
  ['cloudwatch-alarm-action-configured', MONITORING, 'DeleteAlarms', ['worker-queue-depth', 'old-canary-latency']],
  ['cloudwatch-alarm-action-configured', MONITORING, 'DisableAlarmActions', ['worker-queue-depth']],
  ['cloudwatch-alarm-action-configured', MONITORING, 'EnableAlarmActions', ['worker-queue-depth', 'api-5xx-rate']],
  // The fixture's alarm also scales an Auto Scaling group: only the SNS topic is a topic.
  ['cloudwatch-alarm-topic-subscribed', MONITORING, 'PutMetricAlarm', [OPS]],
  ['cloudwatch-alarm-topic-subscribed', SNS, 'DeleteTopic', [OPS]],
  ['cloudwatch-alarm-topic-subscribed', SNS, 'Subscribe', [OPS]],
  ['cloudwatch-alarm-topic-subscribed', SNS, 'Unsubscribe', [OPS]],
  ['cloudwatch-alarm-topic-subscribed', SNS, 'ConfirmSubscription', [OPS]],
  ['cloudwatch-billing-alarm-exists', MONITORING, 'PutMetricAlarm', 'account'],
  ['cloudwatch-billing-alarm-exists', MONITORING, 'DeleteAlarms', 'account'],
  ['cloudwatch-dashboard-exists', MONITORING, 'PutDashboard', 'account'],
  ['cloudwatch-dashboard-exists', MONITORING, 'DeleteDashboards', 'account'],
];

describe('CloudWatch CloudTrail triggers', () => {
  it('cover exactly the events each rule is documented to re-trigger on (docs/rules.md)', () => {
    const declared = cloudwatchRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([id, source, name]) => `${id} ${source} ${name}`).sort());
  });

  it.each(EXPECTED)('%s: %s %s extracts %j', (ruleId, eventSource, eventName, expected) => {
    // Prepare
    const detail = fixture(eventSource, eventName);
    const trigger = rule(ruleId).triggers.find((t) => t.eventSource === eventSource && t.eventNames.includes(eventName));
    // Act
    const names = trigger?.resourceNames?.(detail);
    // Assess
    if (expected === 'account') {
      expect(trigger?.resourceNames).toBeUndefined();
    } else {
      expect(names).toEqual(expected);
    }
  });

  it('routes each fixture to the rules it can change, in the event region', () => {
    const table = buildTriggerTable(cloudwatchRules);
    const routed = (eventSource: string, eventName: string) => {
      const route = routeRecord(fixture(eventSource, eventName), table);
      if (route.action !== 'evaluate') throw new Error(`${eventName} skipped: ${route.message}`);
      return { region: route.region, targets: Object.fromEntries(route.targets.map((t) => [t.rule.id, t.resourceNames])) };
    };

    expect(routed(MONITORING, 'PutMetricAlarm')).toEqual({
      region: 'eu-west-1',
      targets: {
        'cloudwatch-alarm-action-configured': ['worker-queue-depth'],
        'cloudwatch-alarm-topic-subscribed': [OPS],
        'cloudwatch-billing-alarm-exists': [],
      },
    });
    expect(routed(SNS, 'Unsubscribe')).toEqual({ region: 'eu-west-1', targets: { 'cloudwatch-alarm-topic-subscribed': [OPS] } });
    expect(routed(MONITORING, 'PutDashboard')).toEqual({ region: 'us-east-1', targets: { 'cloudwatch-dashboard-exists': [] } });
  });

  it('ignores subscription and action ARNs that are not SNS topics', () => {
    const trigger = rule('cloudwatch-alarm-topic-subscribed').triggers.find((t) => t.eventSource === SNS);
    const unsubscribe = (subscriptionArn: string): CloudTrailDetail => ({
      eventSource: SNS,
      eventName: 'Unsubscribe',
      requestParameters: { subscriptionArn },
    });

    expect(trigger?.resourceNames?.(unsubscribe('PendingConfirmation'))).toEqual([]);
    expect(trigger?.resourceNames?.(unsubscribe(`${OPS}:6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`))).toEqual([OPS]);
    expect(trigger?.resourceNames?.({ eventSource: SNS, eventName: 'DeleteTopic', requestParameters: null })).toEqual([]);
  });
});
