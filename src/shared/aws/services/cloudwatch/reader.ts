/** Everything Preflight knows about calling CloudWatch: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK). */
import type { CompositeAlarm, DescribeAlarmsInput, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { homeRegionOf, partitionOf } from '#shared/core/resource-ids.js';
import type { CloudWatchApi } from './sdk.js';
import { ServiceReader, findOrGone, page } from '../../reader-base.js';

/** A metric an alarm watches: its own metric, or one a metric-math query of the alarm reads. */
export interface WatchedMetric {
  namespace: string;
  metricName: string;
}

/** The facts rules read about one alarm, metric or composite. */
export interface AlarmFacts {
  name: string;
  kind: 'metric' | 'composite';
  arn?: string;
  /** Undefined when DescribeAlarms did not say. */
  actionsEnabled?: boolean;
  /** Actions run on entering ALARM (SNS topics, Auto Scaling policies, EC2 and SSM actions...). */
  alarmActions: readonly string[];
  okActions: readonly string[];
  insufficientDataActions: readonly string[];
  /** Empty for composite alarms. */
  metrics: readonly WatchedMetric[];
  threshold?: number;
}

/** Every action of an alarm, whatever the state it fires on. */
export function allActionsOf(alarm: AlarmFacts): string[] {
  return [...alarm.alarmActions, ...alarm.okActions, ...alarm.insufficientDataActions];
}

/** Both kinds: without AlarmTypes, DescribeAlarms returns metric alarms only. */
const ALARM_TYPES = ['MetricAlarm', 'CompositeAlarm'] as const;
/** The largest page DescribeAlarms serves. */
const ALARM_PAGE_SIZE = 100;

function watchedMetrics(alarm: MetricAlarm): WatchedMetric[] {
  const metrics: WatchedMetric[] = [];
  if (alarm.Namespace && alarm.MetricName) metrics.push({ namespace: alarm.Namespace, metricName: alarm.MetricName });
  for (const query of alarm.Metrics ?? []) {
    const metric = query.MetricStat?.Metric;
    if (metric?.Namespace && metric.MetricName) metrics.push({ namespace: metric.Namespace, metricName: metric.MetricName });
  }
  return metrics;
}

/** What both kinds of alarm report alike. */
function alarmFacts(alarm: (MetricAlarm | CompositeAlarm) & { AlarmName: string }, kind: AlarmFacts['kind']): AlarmFacts {
  return {
    name: alarm.AlarmName,
    kind,
    arn: alarm.AlarmArn,
    // AWS always reports ActionsEnabled; a missing flag stays unknown, neither enabled nor disabled.
    actionsEnabled: alarm.ActionsEnabled,
    alarmActions: alarm.AlarmActions ?? [],
    okActions: alarm.OKActions ?? [],
    insufficientDataActions: alarm.InsufficientDataActions ?? [],
    metrics: [],
  };
}

export class CloudWatchReader extends ServiceReader<CloudWatchApi> {
  protected readonly service = 'cloudwatch';

  /**
   * Every metric and composite alarm of the region, all pages. One sweep per region serves every
   * alarm rule (action check, topic check, billing alarm).
   */
  alarms(): Promise<readonly AlarmFacts[]> {
    return this.fact('alarms', () => this.describeAlarms({}));
  }

  async alarmNames(): Promise<string[]> {
    return (await this.alarms()).map((alarm) => alarm.name);
  }

  /**
   * One alarm by name: from the region's sweep when there was one, else one filtered DescribeAlarms
   * (a CloudTrail event names one alarm). Throws ResourceNotFoundError when it does not exist.
   */
  alarm(name: string): Promise<AlarmFacts> {
    return this.fact(`alarm:${name}`, async () => {
      const alarms = this.known('alarms') ? await this.alarms() : await this.describeAlarms({ AlarmNames: [name] });
      return findOrGone(alarms, (alarm) => alarm.name === name, name);
    });
  }

  /** Names of every dashboard of the account, all pages. */
  dashboardNames(): Promise<readonly string[]> {
    // Dashboards are global: one listing from the partition's home region serves every region.
    const home = homeRegionOf(partitionOf(this.region));
    return this.accountFact(`dashboards:${home}`, () =>
      this.allPages(
        'ListDashboards',
        async (api, NextToken) => {
          const out = await api.listDashboards({ NextToken });
          return page(out.DashboardEntries, (entry) => entry.DashboardName || undefined, out.NextToken);
        },
        home,
      ),
    );
  }

  private async describeAlarms(filter: Pick<DescribeAlarmsInput, 'AlarmNames'>): Promise<AlarmFacts[]> {
    return this.allPages('DescribeAlarms', async (api, token) => {
      const page = await api.describeAlarms({ ...filter, AlarmTypes: [...ALARM_TYPES], MaxRecords: ALARM_PAGE_SIZE, NextToken: token });
      const alarms: AlarmFacts[] = [];
      for (const alarm of page.MetricAlarms ?? []) {
        if (!alarm.AlarmName) continue;
        const facts = alarmFacts({ ...alarm, AlarmName: alarm.AlarmName }, 'metric');
        alarms.push({ ...facts, metrics: watchedMetrics(alarm), threshold: alarm.Threshold });
      }
      for (const alarm of page.CompositeAlarms ?? []) {
        if (alarm.AlarmName) alarms.push(alarmFacts({ ...alarm, AlarmName: alarm.AlarmName }, 'composite'));
      }
      return { items: alarms, next: page.NextToken };
    });
  }
}
