/** CloudWatch of an in-memory account: answers the CloudWatchApi from plain data, as CloudWatch would. */
import type { CompositeAlarm, MetricAlarm, StateValue } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchApi } from '#shared/aws/services/cloudwatch/sdk.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { type MemoryCall, MemoryServiceError, paginate } from './support.js';

interface MemoryAlarmBase {
  name: string;
  /** Defaults to true, as PutMetricAlarm does. */
  actionsEnabled?: boolean;
  alarmActions?: string[];
  okActions?: string[];
  insufficientDataActions?: string[];
  /** Defaults to OK. */
  state?: StateValue;
}

export interface MemoryMetricAlarm extends MemoryAlarmBase {
  kind: 'metric';
  namespace: string;
  metricName: string;
  threshold: number;
  dimensions?: Record<string, string>;
  statistic?: 'Average' | 'Sum' | 'Maximum' | 'Minimum' | 'SampleCount';
  /** Seconds; defaults to 300. */
  period?: number;
}

export interface MemoryCompositeAlarm extends MemoryAlarmBase {
  kind: 'composite';
  /** e.g. `ALARM(api-5xx-rate) OR ALARM(p95-latency)` */
  alarmRule: string;
}

export type MemoryAlarm = MemoryMetricAlarm | MemoryCompositeAlarm;

export interface MemoryDashboard {
  name: string;
  /** JSON dashboard body; only its size is reported. */
  body?: string;
}

/**
 * One region's CloudWatch. Dashboards are global in AWS; the sample account keeps them in the
 * us-east-1 state, where the reader lists them.
 */
export interface MemoryCloudWatchState {
  alarms: MemoryAlarm[];
  dashboards: MemoryDashboard[];
}

export function emptyCloudWatchState(): MemoryCloudWatchState {
  return { alarms: [], dashboards: [] };
}

/** DescribeAlarms pages: 50 by default, 100 at most, as AWS serves them. */
const DEFAULT_ALARM_PAGE = 50;
const MAX_ALARM_PAGE = 100;
/** ListDashboards has no page-size parameter; AWS answers up to 1000 entries a page. */
const DASHBOARD_PAGE = 1000;
/** Fixed, so answers are reproducible. */
const CONFIGURED_AT = new Date('2025-12-01T09:00:00Z');

/** What a metric alarm watches and when it fires, as PutMetricAlarm takes it and DescribeAlarms reports it. */
export function metricAlarmSettings(alarm: MemoryMetricAlarm) {
  return {
    Namespace: alarm.namespace,
    MetricName: alarm.metricName,
    Dimensions: Object.entries(alarm.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
    Statistic: alarm.statistic ?? 'Average',
    Period: alarm.period ?? 300,
    EvaluationPeriods: 1,
    Threshold: alarm.threshold,
    ComparisonOperator: 'GreaterThanThreshold' as const,
    TreatMissingData: 'missing',
  };
}

export function memoryCloudWatchApi(state: MemoryCloudWatchState, region: string, accountId: string, call: MemoryCall): CloudWatchApi {
  const partition = partitionOf(region);
  const alarmArn = (name: string) => `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${name}`;
  const common = (alarm: MemoryAlarm) => ({
    AlarmName: alarm.name,
    AlarmArn: alarmArn(alarm.name),
    AlarmConfigurationUpdatedTimestamp: CONFIGURED_AT,
    ActionsEnabled: alarm.actionsEnabled ?? true,
    AlarmActions: [...(alarm.alarmActions ?? [])],
    OKActions: [...(alarm.okActions ?? [])],
    InsufficientDataActions: [...(alarm.insufficientDataActions ?? [])],
    StateValue: alarm.state ?? 'OK',
    StateReason: 'Sample data',
    StateUpdatedTimestamp: CONFIGURED_AT,
  });
  const metricAlarm = (alarm: MemoryMetricAlarm): MetricAlarm => ({ ...common(alarm), ...metricAlarmSettings(alarm) });
  const compositeAlarm = (alarm: MemoryCompositeAlarm): CompositeAlarm => ({
    ...common(alarm),
    AlarmRule: alarm.alarmRule,
  });

  return {
    describeAlarms: (input) =>
      call('cloudwatch', 'DescribeAlarms', input, () => {
        if (input.AlarmNames?.length && input.AlarmNamePrefix) {
          throw new MemoryServiceError('InvalidParameterCombination', 'AlarmNames and AlarmNamePrefix cannot be used together');
        }
        const pageSize = input.MaxRecords ?? DEFAULT_ALARM_PAGE;
        if (pageSize < 1 || pageSize > MAX_ALARM_PAGE) {
          throw new MemoryServiceError('InvalidParameterValue', `MaxRecords must be between 1 and ${MAX_ALARM_PAGE}`);
        }
        // Without AlarmTypes, AWS lists metric alarms only.
        const types = new Set(input.AlarmTypes?.length ? input.AlarmTypes : ['MetricAlarm']);
        const matching = state.alarms.filter(
          (alarm) =>
            types.has(alarm.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm') &&
            (!input.AlarmNames?.length || input.AlarmNames.includes(alarm.name)) &&
            (!input.AlarmNamePrefix || alarm.name.startsWith(input.AlarmNamePrefix)) &&
            (!input.StateValue || (alarm.state ?? 'OK') === input.StateValue) &&
            (!input.ActionPrefix || (alarm.alarmActions ?? []).some((action) => action.startsWith(input.ActionPrefix ?? ''))),
        );
        // One token pages through both kinds as one list.
        const page = paginate(matching, input.NextToken, pageSize);
        return {
          MetricAlarms: page.items.flatMap((a) => (a.kind === 'metric' ? [metricAlarm(a)] : [])),
          CompositeAlarms: page.items.flatMap((a) => (a.kind === 'composite' ? [compositeAlarm(a)] : [])),
          NextToken: page.next,
        };
      }),
    listDashboards: (input) =>
      call('cloudwatch', 'ListDashboards', input, () => {
        const matching = state.dashboards.filter((d) => !input.DashboardNamePrefix || d.name.startsWith(input.DashboardNamePrefix));
        const page = paginate(matching, input.NextToken, DASHBOARD_PAGE);
        return {
          DashboardEntries: page.items.map((d) => ({
            DashboardName: d.name,
            DashboardArn: `arn:${partition}:cloudwatch::${accountId}:dashboard/${d.name}`,
            LastModified: CONFIGURED_AT,
            Size: (d.body ?? '{"widgets":[]}').length,
          })),
          NextToken: page.next,
        };
      }),
  };
}
