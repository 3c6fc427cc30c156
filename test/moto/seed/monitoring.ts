/** Mirrors SNS topics, CloudWatch alarms and dashboards, Budgets and CloudTrail trails into moto. */
import { CreateBudgetCommand, CreateNotificationCommand } from '@aws-sdk/client-budgets';
import { CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { PutDashboardCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { metricAlarmSettings } from '../../../src/cli/demo/memory-account/cloudwatch.js';
import { type MirrorContext, regional } from './context.js';
import { motoJson } from './raw.js';
import { createBucket } from './storage.js';

export async function mirrorSns(context: MirrorContext, region: string): Promise<void> {
  const { sns } = context.clients(region);
  for (const topic of regional(context, region)?.sns.topics ?? []) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: topic.name, Attributes: topic.displayName ? { DisplayName: topic.displayName } : {} }));
    for (const sub of topic.subscriptions) {
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: sub.protocol, Endpoint: sub.endpoint }));
      if (!sub.confirmed) {
        context.approximations.push(`sns: ${sub.protocol} subscription of ${topic.name} is pending confirmation (moto confirms every subscription at once)`);
      }
    }
  }
}

export async function mirrorCloudWatch(context: MirrorContext, region: string): Promise<void> {
  const { cloudwatch } = context.clients(region);
  const state = regional(context, region)?.cloudwatch;
  for (const alarm of state?.alarms ?? []) {
    if (alarm.state && alarm.state !== 'OK') context.approximations.push(`cloudwatch: alarm ${alarm.name} is ${alarm.state} (moto starts every alarm OK)`);
    const common = {
      AlarmName: alarm.name,
      ActionsEnabled: alarm.actionsEnabled ?? true,
      AlarmActions: alarm.alarmActions ?? [],
      OKActions: alarm.okActions ?? [],
      InsufficientDataActions: alarm.insufficientDataActions ?? [],
    };
    if (alarm.kind === 'composite') {
      // moto has no PutCompositeAlarm: it takes a composite alarm as PutMetricAlarm with an AlarmRule.
      await motoJson(
        context.moto.endpoint,
        'monitoring',
        region,
        'GraniteServiceVersion20100801.PutMetricAlarm',
        { ...common, AlarmRule: alarm.alarmRule },
        '1.0',
      );
      continue;
    }
    await cloudwatch.send(new PutMetricAlarmCommand({ ...common, ...metricAlarmSettings(alarm) }));
  }
  for (const dashboard of state?.dashboards ?? []) {
    await cloudwatch.send(new PutDashboardCommand({ DashboardName: dashboard.name, DashboardBody: dashboard.body ?? '{"widgets":[]}' }));
  }
}

/** Budgets is global: its endpoint lives in us-east-1. */
export async function mirrorBudgets(context: MirrorContext): Promise<void> {
  const { budgets } = context.clients('us-east-1');
  const AccountId = context.account.accountId;
  for (const budget of context.account.budgets.budgets) {
    await budgets.send(
      new CreateBudgetCommand({
        AccountId,
        Budget: {
          BudgetName: budget.name,
          BudgetType: budget.type ?? 'COST',
          TimeUnit: budget.timeUnit ?? 'MONTHLY',
          ...(budget.limit ? { BudgetLimit: { Amount: String(budget.limit.amount), Unit: budget.limit.unit ?? 'USD' } } : {}),
          ...(budget.costFilters ? { CostFilters: budget.costFilters } : {}),
        },
      }),
    );
    for (const n of budget.notifications ?? []) {
      await budgets.send(
        new CreateNotificationCommand({
          AccountId,
          BudgetName: budget.name,
          Notification: {
            NotificationType: n.type ?? 'ACTUAL',
            ComparisonOperator: n.operator ?? 'GREATER_THAN',
            Threshold: n.threshold,
            ThresholdType: n.thresholdType ?? 'PERCENTAGE',
          },
          Subscribers: n.subscribers.map((s) => ({ SubscriptionType: s.type, Address: s.address })),
        }),
      );
    }
  }
}

/** Trails are created in their home region only: CloudTrail itself shows the shadow copies elsewhere. */
export async function mirrorCloudTrail(context: MirrorContext, region: string): Promise<void> {
  const { cloudtrail, s3 } = context.clients(region);
  const bucketNames = new Set(context.account.s3.buckets.map((b) => b.name));
  for (const trail of regional(context, region)?.cloudtrail.trails ?? []) {
    if ((trail.homeRegion ?? region) !== region) continue;
    if (trail.ownerAccountId && trail.ownerAccountId !== context.account.accountId) {
      context.approximations.push(`cloudtrail: organization trail ${trail.name} of account ${trail.ownerAccountId} (moto has no organization trails)`);
      continue;
    }
    const bucket = trail.s3BucketName ?? `aws-cloudtrail-logs-${context.account.accountId}`;
    // CreateTrail wants its bucket to exist; a bucket the account does not list is removed right after,
    // so the S3 rules see the same buckets on both sides.
    const temporary = !bucketNames.has(bucket);
    if (temporary) await createBucket(context, bucket, region);
    await cloudtrail.send(
      new CreateTrailCommand({
        Name: trail.name,
        S3BucketName: bucket,
        IsMultiRegionTrail: trail.multiRegion === true,
        EnableLogFileValidation: trail.logFileValidation === true,
        IsOrganizationTrail: trail.organization === true,
      }),
    );
    if (temporary) await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    if (trail.logging !== false) await cloudtrail.send(new StartLoggingCommand({ Name: trail.name }));
    if (trail.advancedEventSelectors) {
      await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: trail.name, AdvancedEventSelectors: trail.advancedEventSelectors }));
    } else if (trail.eventSelectors) {
      await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: trail.name, EventSelectors: trail.eventSelectors }));
    }
    if (trail.latestDeliveryError) context.approximations.push(`cloudtrail: delivery error of ${trail.name} (moto reports none)`);
  }
}
