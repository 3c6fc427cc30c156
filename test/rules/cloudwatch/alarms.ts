/** Builders for DescribeAlarms answers, shared by the CloudWatch rule tests. */
import type { CompositeAlarm, DescribeAlarmsOutput, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { ACCOUNT } from '../../helpers/aws.js';

export const topicArn = (name: string, region = 'eu-west-1') => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
export const OPS = topicArn('ops-alerts');
export const SCALE_OUT =
  'arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1f2e3d4c-5b6a-4789-8abc-def012345678:autoScalingGroupName/workers:policyName/scale-out';

/** What both kinds share: enabled, notifying ops-alerts on ALARM. */
const base = (name: string) => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${name}`,
  ActionsEnabled: true,
  AlarmActions: [OPS],
  OKActions: [],
  InsufficientDataActions: [],
  StateValue: 'OK' as const,
});

export function metricAlarm(name: string, extra: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    ...base(name),
    Namespace: 'AWS/ApplicationELB',
    MetricName: 'HTTPCode_Target_5XX_Count',
    Statistic: 'Sum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 25,
    ComparisonOperator: 'GreaterThanThreshold',
    ...extra,
  };
}

export function compositeAlarm(name: string, extra: Partial<CompositeAlarm> = {}): CompositeAlarm {
  return { ...base(name), AlarmRule: 'ALARM("api-5xx-rate")', ...extra };
}

export function alarms(metric: MetricAlarm[], composite: CompositeAlarm[] = [], NextToken?: string): DescribeAlarmsOutput {
  return { MetricAlarms: metric, CompositeAlarms: composite, NextToken };
}
