import { displayNameOf } from '#shared/core/resource-ids.js';
import { cannotTell, defineRule, fail, pass } from '../define-rule.js';
import { alarmNamesOfEvent, count, MONITORING, nameList } from './support.js';

export const cloudwatchAlarmActionConfigured = defineRule({
  id: 'cloudwatch-alarm-action-configured',
  title: 'CloudWatch alarms notify someone when they fire',
  description: 'Every metric and composite alarm has its actions enabled and at least one action for the ALARM state.',
  absentFields:
    'An alarm without ActionsEnabled (AWS always reports it) is ERROR naming the field when it has ALARM ' +
    'actions, FAIL (no ALARM action) when it has none. An alarm without AlarmActions has none.',
  severity: 'HIGH',
  resourceType: 'AWS::CloudWatch::Alarm',
  checklist: { source: '000 §6', item: 'CloudWatch alarms configured with SNS notifications' },
  controls: { securityHub: ['CloudWatch.15', 'CloudWatch.17'], awsConfig: 'cloudwatch-alarm-action-check' },
  iamActions: ['cloudwatch:DescribeAlarms'],
  triggers: [
    {
      eventSource: MONITORING,
      eventNames: ['PutMetricAlarm', 'PutCompositeAlarm', 'DeleteAlarms', 'DisableAlarmActions', 'EnableAlarmActions'],
      resourceNames: alarmNamesOfEvent,
    },
  ],
  remediation: {
    text: "Enable the alarm's actions; if it has no ALARM action, re-put it with --alarm-actions <sns-topic-arn> (a topic with a confirmed subscription).",
    cli: 'aws cloudwatch enable-alarm-actions --alarm-names <alarm>',
  },
  resources: ({ cloudwatch }) => cloudwatch.alarmNames(),
  async evaluate({ cloudwatch }, name) {
    const alarm = await cloudwatch.alarm(name);
    const evidence = {
      kind: alarm.kind,
      actionsEnabled: alarm.actionsEnabled ?? null,
      alarmActions: [...alarm.alarmActions],
    };
    const actions = alarm.alarmActions.length;
    if (alarm.actionsEnabled === true && actions > 0) {
      return pass(`alarm ${name} has actions enabled and ${count(actions, 'ALARM action')} (${nameList(alarm.alarmActions.map(displayNameOf), 2)})`, evidence);
    }
    if (alarm.actionsEnabled === false && actions === 0) {
      return fail(`alarm ${name} has its actions disabled and no ALARM action`, evidence);
    }
    if (alarm.actionsEnabled === false) {
      return fail(`alarm ${name} has its actions disabled: its ${count(actions, 'ALARM action')} will not run`, evidence);
    }
    if (alarm.actionsEnabled === undefined && actions > 0) {
      return cannotTell(`DescribeAlarms did not say whether alarm ${name} has its actions enabled (no ActionsEnabled)`, evidence);
    }
    return fail(`alarm ${name} has no ALARM action: nobody is told when it fires`, evidence);
  },
});
