import type { AlarmFacts } from '#shared/aws/services/cloudwatch/reader.js';
import { cannotTell, defineAccountRule, fail, pass } from '../define-rule.js';
import { count, MONITORING, nameList } from './support.js';

const NAMESPACE = 'AWS/Billing';
const METRIC = 'EstimatedCharges';

/** A metric alarm on the billing metric, directly or through a metric-math query. */
function watchesCharges(alarm: AlarmFacts): boolean {
  return alarm.metrics.some((m) => m.namespace === NAMESPACE && m.metricName === METRIC);
}

export const cloudwatchBillingAlarmExists = defineAccountRule({
  id: 'cloudwatch-billing-alarm-exists',
  title: 'A billing alarm warns when estimated charges climb',
  description: 'At least one CloudWatch alarm on AWS/Billing EstimatedCharges (published in us-east-1 only) has its actions ' + 'enabled and an ALARM action.',
  absentFields:
    'A billing alarm with actions but without ActionsEnabled makes the check ERROR unless another one is known ' +
    'to notify. An alarm without AlarmActions has none; one without Namespace and MetricName (nor a metric ' +
    'query naming them) does not watch the billing metric.',
  severity: 'MEDIUM',
  resourceType: 'AWS::::Account',
  checklist: { source: '000 §6', item: 'Daily Cost Exceeded (>$10/day) → SNS notification' },
  controls: { other: ['CIS-style'] },
  iamActions: ['cloudwatch:DescribeAlarms'],
  // Account-level: any of these calls simply re-runs the one check.
  triggers: [{ eventSource: MONITORING, eventNames: ['PutMetricAlarm', 'DeleteAlarms'] }],
  remediation: {
    text:
      'Turn on "Receive Billing Alerts" in the Billing preferences, then create an alarm on AWS/Billing ' +
      'EstimatedCharges in us-east-1 that notifies an SNS topic.',
    cli:
      'aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name billing-estimated-charges --namespace AWS/Billing ' +
      '--metric-name EstimatedCharges --dimensions Name=Currency,Value=USD --statistic Maximum --period 21600 ' +
      '--evaluation-periods 1 --threshold 300 --comparison-operator GreaterThanThreshold --alarm-actions <sns-topic-arn>',
  },
  // The billing metric exists only in us-east-1 (the partition's home region): read alarms there once.
  global: true,
  async evaluate({ cloudwatch }, { region }) {
    const alarms = (await cloudwatch.alarms()).filter(watchesCharges);
    const describe = (a: AlarmFacts) => ({
      name: a.name,
      actionsEnabled: a.actionsEnabled ?? null,
      alarmActions: [...a.alarmActions],
      threshold: a.threshold ?? null,
    });
    if (alarms.length === 0) {
      return fail(`no CloudWatch alarm watches ${NAMESPACE} ${METRIC} in ${region}`, { region, billingAlarms: [] });
    }
    const armed = alarms.filter((a) => a.actionsEnabled === true && a.alarmActions.length > 0);
    if (armed.length > 0) {
      return pass(
        `billing ${armed.length === 1 ? 'alarm' : 'alarms'} ${nameList(armed.map((a) => a.name))} ` +
          `watch${armed.length === 1 ? 'es' : ''} ${NAMESPACE} ${METRIC} with an enabled ALARM action`,
        { region, billingAlarms: alarms.map(describe) },
      );
    }
    // One that has actions but does not say whether they are enabled may be the one that notifies.
    const untold = alarms.find((a) => a.actionsEnabled === undefined && a.alarmActions.length > 0);
    if (untold) {
      return cannotTell(`DescribeAlarms did not say whether billing alarm ${untold.name} has its actions enabled (no ActionsEnabled)`, {
        region,
        billingAlarms: alarms.map(describe),
      });
    }
    const names = alarms.map((a) => a.name);
    const reason =
      alarms.length === 1
        ? `billing alarm ${names[0]} on ${NAMESPACE} ${METRIC} has no enabled ALARM action`
        : `none of the ${count(alarms.length, 'billing alarm')} on ${NAMESPACE} ${METRIC} (${nameList(names)}) has an enabled ALARM action`;
    return fail(reason, { region, billingAlarms: alarms.map(describe) });
  },
});
