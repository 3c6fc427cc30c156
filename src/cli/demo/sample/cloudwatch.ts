/** The demo's sample account: its CloudWatch resources, compliant and not. Sample data, never a real account. */
import { emptyRegion, type MemoryAccount } from '../memory-account/index.js';

/**
 * eu-west-1 runs the application: its alarms notify `ops-alerts` (confirmed email: PASS) and
 * `billing-alerts` (subscription never confirmed: FAIL); `worker-queue-depth` has its actions
 * disabled (FAIL). us-east-1 holds the billing alarm (the billing metric exists only there) and the
 * dashboard (dashboards are global; the in-memory account lists them from us-east-1).
 */
export function applyCloudWatchSample(account: MemoryAccount): void {
  const topic = (region: string, name: string) => `arn:aws:sns:${region}:${account.accountId}:${name}`;
  const opsAlerts = topic('eu-west-1', 'ops-alerts');
  const billingAlerts = topic('eu-west-1', 'billing-alerts');
  const accountBilling = topic('us-east-1', 'account-billing');

  // Another family may have created the region already: add to it.
  account.regions['eu-west-1'] ??= emptyRegion();
  const ireland = account.regions['eu-west-1'];
  ireland.sns.topics.push(
    {
      name: 'ops-alerts',
      displayName: 'RetainWise ops',
      subscriptions: [{ protocol: 'email', endpoint: 'oncall@retainwise.example', confirmed: true }],
    },
    {
      name: 'billing-alerts',
      displayName: 'RetainWise cost',
      subscriptions: [{ protocol: 'email', endpoint: 'finance@retainwise.example', confirmed: false }],
    },
  );
  ireland.cloudwatch.alarms.push(
    {
      kind: 'metric',
      name: 'api-5xx-rate',
      namespace: 'AWS/ApplicationELB',
      metricName: 'HTTPCode_Target_5XX_Count',
      dimensions: { LoadBalancer: 'app/retainwise-alb/50dc6c495c0c9188' },
      statistic: 'Sum',
      threshold: 25,
      alarmActions: [opsAlerts],
      okActions: [opsAlerts],
    },
    {
      kind: 'metric',
      name: 'prediction-p95-latency',
      namespace: 'RetainWise',
      metricName: 'PredictionLatencyP95',
      threshold: 1000,
      alarmActions: [opsAlerts],
    },
    {
      kind: 'metric',
      name: 'worker-queue-depth',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'retainwise-predictions' },
      statistic: 'Maximum',
      threshold: 500,
      // Muted during a migration and never turned back on.
      actionsEnabled: false,
      alarmActions: [opsAlerts],
    },
    {
      kind: 'metric',
      name: 'daily-cost-exceeded',
      namespace: 'RetainWise',
      metricName: 'EstimatedDailyCost',
      statistic: 'Maximum',
      period: 86_400,
      threshold: 10,
      alarmActions: [billingAlerts],
    },
    {
      kind: 'composite',
      name: 'api-degraded',
      alarmRule: 'ALARM("api-5xx-rate") OR ALARM("prediction-p95-latency")',
      alarmActions: [opsAlerts],
    },
  );

  account.regions['us-east-1'] ??= emptyRegion();
  const virginia = account.regions['us-east-1'];
  virginia.sns.topics.push({
    name: 'account-billing',
    subscriptions: [
      { protocol: 'email', endpoint: 'finance@retainwise.example', confirmed: true },
      { protocol: 'sms', endpoint: '+15555550100', confirmed: true },
    ],
  });
  virginia.cloudwatch.alarms.push({
    kind: 'metric',
    name: 'billing-estimated-charges',
    namespace: 'AWS/Billing',
    metricName: 'EstimatedCharges',
    dimensions: { Currency: 'USD' },
    statistic: 'Maximum',
    period: 21_600,
    threshold: 300,
    alarmActions: [accountBilling],
  });
  virginia.cloudwatch.dashboards.push({
    name: 'RetainWise-Production',
    body: JSON.stringify({
      widgets: [
        { type: 'metric', properties: { title: 'Predictions per hour', metrics: [['RetainWise', 'PredictionsCompleted']] } },
        { type: 'metric', properties: { title: 'P95 latency', metrics: [['RetainWise', 'PredictionLatencyP95']] } },
      ],
    }),
  });
}
