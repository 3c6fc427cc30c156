import * as z from 'zod';
import { budgetNamesFromEvent } from '#shared/aws/services/budgets/reader.js';
import { defineRule, fail, notApplicable, pass } from '../define-rule.js';

const params = z
  .object({
    /** Every notification must also reach an SNS topic: the only way Budgets alerts reach a phone (SMS). */
    requireSns: z.boolean().default(false),
  })
  .strict();

export const budgetAlertSubscribers = defineRule({
  id: 'budget-alert-subscribers',
  title: 'Budget alerts reach someone',
  description:
    'Every notification of every budget has at least one subscriber; with requireSns, every notification has an ' +
    'SNS subscriber too (SMS alerts go through an SNS topic). A budget without notifications is NOT_APPLICABLE ' +
    '(budget-alert-thresholds reports missing alerts).',
  absentFields:
    'A subscriber without its type or address, a notification without its type, operator or threshold (all ' +
    'required by the API), is not counted. NotFoundException for the notifications or subscribers of a listed ' +
    'budget means none.',
  severity: 'MEDIUM',
  resourceType: 'AWS::Budgets::Budget',
  checklist: { source: '000 §10', item: 'Set AWS Budget Alerts (Notification: Email + SMS)' },
  controls: {},
  iamActions: ['budgets:ViewBudget'],
  triggers: [
    {
      eventSource: 'budgets.amazonaws.com',
      eventNames: ['CreateSubscriber', 'UpdateSubscriber', 'DeleteSubscriber'],
      resourceNames: budgetNamesFromEvent,
    },
  ],
  remediation: {
    text: 'Subscribe an email address, and for SMS an SNS topic (whose policy lets budgets.amazonaws.com publish) with an SMS subscription, to each notification.',
    cli: 'aws budgets create-subscriber --account-id <account-id> --budget-name <budget> --notification NotificationType=ACTUAL,ComparisonOperator=GREATER_THAN,Threshold=<percent>,ThresholdType=PERCENTAGE --subscriber SubscriptionType=SNS,Address=<topic-arn>',
  },
  global: true,
  params,
  resources: ({ budgets }) => budgets.budgetNames(),
  async evaluate({ budgets }, name, { params: { requireSns } }) {
    const notifications = await budgets.notifications(name);
    if (notifications.length === 0) return notApplicable(`${name} has no notifications`);

    const reached = await Promise.all(
      notifications.map(async (n) => {
        const subscribers = await budgets.subscribers(name, n);
        // Types and counts only: subscriber addresses are personal data and stay out of findings.
        const email = subscribers.filter((s) => s.type === 'EMAIL').length;
        const sns = subscribers.filter((s) => s.type === 'SNS').length;
        return { notification: n.label, subscribers: subscribers.length, email, sns };
      }),
    );
    const evidence = { notifications: reached };
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

    const unheard = reached.filter((r) => r.subscribers === 0).map((r) => r.notification);
    if (unheard.length > 0) {
      return fail(`${name} has notifications nobody receives: ${unheard.join(', ')}`, evidence);
    }
    if (requireSns) {
      const withoutSns = reached.filter((r) => r.sns === 0).map((r) => r.notification);
      if (withoutSns.length > 0) {
        return fail(`${name} has notifications without an SNS subscriber (needed for SMS): ${withoutSns.join(', ')}`, evidence);
      }
      return pass(`every notification of ${name} reaches an SNS topic (${count(reached.length, 'notification')})`, evidence);
    }
    const total = reached.reduce((sum, r) => sum + r.subscribers, 0);
    return pass(`every notification of ${name} has a subscriber (${count(reached.length, 'notification')}, ${count(total, 'subscriber')})`, evidence);
  },
});
