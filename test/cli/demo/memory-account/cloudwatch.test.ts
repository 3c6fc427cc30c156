import { describe, expect, it } from 'vitest';
import { ScanSession } from '#shared/aws/scan-session.js';
import { CloudWatchReader } from '#shared/aws/cloudwatch-reader.js';
import {
  emptyCloudWatchState,
  type MemoryAlarm,
  memoryCloudWatchApi,
  type MemoryCloudWatchState,
  type MemoryMetricAlarm,
} from '../../../../src/cli/demo/memory-account/cloudwatch.js';
import { emptyRegion, type MemoryAccount, memoryApiProvider, emptyAccount as createEmptyAccount } from '../../../../src/cli/demo/memory-account/index.js';
import { MemoryServiceError, type MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

function metric(name: string, extra: Partial<MemoryMetricAlarm> = {}): MemoryMetricAlarm {
  return { kind: 'metric', name, namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', threshold: 10, ...extra };
}

function stateWith(alarms: MemoryAlarm[], dashboards: string[] = []): MemoryCloudWatchState {
  return { ...emptyCloudWatchState(), alarms, dashboards: dashboards.map((name) => ({ name })) };
}

describe('memory CloudWatch', () => {
  describe('DescribeAlarms', () => {
    it('lists metric alarms only unless AlarmTypes asks for composite ones too, as AWS does', async () => {
      // Prepare
      const api = memoryCloudWatchApi(
        stateWith([metric('queue-depth'), { kind: 'composite', name: 'api-degraded', alarmRule: 'ALARM("queue-depth")' }]),
        'eu-west-1',
        ACCOUNT,
        direct,
      );
      // Act
      const defaults = await api.describeAlarms({});
      const both = await api.describeAlarms({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
      // Assess
      expect(defaults.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['queue-depth']);
      expect(defaults.CompositeAlarms).toEqual([]);
      expect(both.CompositeAlarms).toMatchObject([
        {
          AlarmName: 'api-degraded',
          AlarmArn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:api-degraded`,
          AlarmRule: 'ALARM("queue-depth")',
          ActionsEnabled: true,
        },
      ]);
    });

    it('answers the shape the SDK returns, with actions and the watched metric', async () => {
      const api = memoryCloudWatchApi(
        stateWith([
          metric('queue-depth', {
            actionsEnabled: false,
            alarmActions: ['arn:aws:sns:eu-west-1:123456789012:ops'],
            dimensions: { QueueName: 'jobs' },
          }),
        ]),
        'eu-west-1',
        ACCOUNT,
        direct,
      );

      const out = await api.describeAlarms({ AlarmNames: ['queue-depth'] });

      expect(out.MetricAlarms).toMatchObject([
        {
          AlarmName: 'queue-depth',
          ActionsEnabled: false,
          AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ops'],
          OKActions: [],
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: 'jobs' }],
          Threshold: 10,
          StateValue: 'OK',
        },
      ]);
    });

    it('filters by AlarmNames and AlarmNamePrefix, but not both at once', async () => {
      const api = memoryCloudWatchApi(stateWith([metric('api-a'), metric('api-b'), metric('worker')]), 'eu-west-1', ACCOUNT, direct);

      const byName = await api.describeAlarms({ AlarmNames: ['worker', 'missing'] });
      const byPrefix = await api.describeAlarms({ AlarmNamePrefix: 'api-' });

      expect(byName.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['worker']);
      expect(byPrefix.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['api-a', 'api-b']);
      await expect(api.describeAlarms({ AlarmNames: ['x'], AlarmNamePrefix: 'y' })).rejects.toMatchObject({
        name: 'InvalidParameterCombination',
      });
    });

    it('pages with MaxRecords and NextToken across both kinds, and rejects a bad token', async () => {
      const alarms: MemoryAlarm[] = [metric('m1'), metric('m2'), { kind: 'composite', name: 'c1', alarmRule: 'ALARM("m1")' }];
      const api = memoryCloudWatchApi(stateWith(alarms), 'eu-west-1', ACCOUNT, direct);
      const types = ['MetricAlarm', 'CompositeAlarm'] as const;

      const first = await api.describeAlarms({ AlarmTypes: [...types], MaxRecords: 2 });
      const second = await api.describeAlarms({ AlarmTypes: [...types], MaxRecords: 2, NextToken: first.NextToken });

      expect(first.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['m1', 'm2']);
      expect(first.NextToken).toBeDefined();
      expect(second.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(['c1']);
      expect(second.NextToken).toBeUndefined();
      await expect(api.describeAlarms({ NextToken: 'garbage' })).rejects.toBeInstanceOf(MemoryServiceError);
      await expect(api.describeAlarms({ MaxRecords: 101 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    });
  });

  describe('ListDashboards', () => {
    it('lists dashboards with their ARN, filtered by prefix', async () => {
      const api = memoryCloudWatchApi(stateWith([], ['RetainWise-Production', 'Scratch']), 'us-east-1', ACCOUNT, direct);

      const all = await api.listDashboards({});
      const prefixed = await api.listDashboards({ DashboardNamePrefix: 'Retain' });

      expect(all.DashboardEntries?.map((d) => d.DashboardName)).toEqual(['RetainWise-Production', 'Scratch']);
      expect(all.DashboardEntries?.[0]?.DashboardArn).toBe(`arn:aws:cloudwatch::${ACCOUNT}:dashboard/RetainWise-Production`);
      expect(prefixed.DashboardEntries?.map((d) => d.DashboardName)).toEqual(['RetainWise-Production']);
    });
  });

  describe('through the CloudWatch reader', () => {
    it('serves the real reader: one paginated sweep per region, faults surfacing as AWS errors', async () => {
      const account: MemoryAccount = createEmptyAccount(ACCOUNT);
      const region = emptyRegion();
      region.cloudwatch.alarms.push(...Array.from({ length: 150 }, (_, i) => metric(`alarm-${i}`)));
      account.regions['eu-west-1'] = region;
      const calls: string[] = [];
      const apis = memoryApiProvider(account, { onCall: (c) => calls.push(`${c.operation}@${c.region}`) });
      const reader = new CloudWatchReader((r) => apis(r).cloudwatch, new ScanSession(), 'eu-west-1', ACCOUNT);

      const names = await reader.alarmNames();
      await reader.alarm('alarm-149');

      expect(names).toHaveLength(150);
      expect(calls).toEqual(['DescribeAlarms@eu-west-1', 'DescribeAlarms@eu-west-1']);

      const denied = memoryApiProvider(account, {
        fault: () => new MemoryServiceError('AccessDenied', 'User is not authorized to perform: cloudwatch:DescribeAlarms', 403),
      });
      const deniedReader = new CloudWatchReader((r) => denied(r).cloudwatch, new ScanSession(), 'eu-west-1', ACCOUNT);
      await expect(deniedReader.alarms()).rejects.toMatchObject({ name: 'AccessDenied' });
    });
  });
});
