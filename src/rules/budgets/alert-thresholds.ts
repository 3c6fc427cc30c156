import * as z from 'zod';
import { budgetNamesFromEvent, formatAmount } from '#shared/aws/services/budgets/reader.js';
import { cannotTell, defineRule, fail, notApplicable, pass } from '../define-rule.js';

const params = z
  .object({
    /** Percentages of the budget's limit that must each have an alert. */
    thresholds: z.array(z.number().positive()).min(1).default([50, 80, 100]),
    /** Alerts on actual spend, or on forecast spend. */
    notificationType: z.enum(['ACTUAL', 'FORECASTED']).default('ACTUAL'),
  })
  .strict();

/** Percentage points within which an alert counts as "at" a threshold (ABSOLUTE_VALUE alerts convert inexactly). */
const TOLERANCE = 0.01;

export const budgetAlertThresholds = defineRule({
  id: 'budget-alert-thresholds',
  title: 'Cost budgets alert at every threshold',
  description:
    'Every COST budget has a notification of notificationType (default ACTUAL) that fires when spend goes over each ' +
    'of the thresholds percentages (default 50, 80, 100) of its limit. PERCENTAGE alerts count as they are; ' +
    "ABSOLUTE_VALUE alerts count as their share of the budget's current limit. Only GREATER_THAN alerts count. " +
    'Budgets of other types (usage, RI, Savings Plans) get a NOT_APPLICABLE finding each.',
  absentFields:
    'A budget without BudgetType (required by the API) is ERROR. A notification without ThresholdType is ' +
    'PERCENTAGE, which Budgets leaves out; one without its type, operator or threshold (all required) is not ' +
    'counted. ABSOLUTE_VALUE alerts of a budget without BudgetLimit have no percentage: shown in the evidence, ' +
    'never counted.',
  severity: 'MEDIUM',
  resourceType: 'AWS::Budgets::Budget',
  checklist: { source: '000 §10', item: 'Set AWS Budget Alerts (Alert thresholds: 50%, 80%, 100%)' },
  controls: {},
  iamActions: ['budgets:ViewBudget'],
  triggers: [
    {
      eventSource: 'budgets.amazonaws.com',
      eventNames: ['CreateNotification', 'UpdateNotification', 'DeleteNotification', 'DeleteBudget'],
      resourceNames: budgetNamesFromEvent,
    },
  ],
  remediation: {
    text: 'Add a notification for each missing threshold, with an email subscriber (and an SNS topic for SMS).',
    cli: 'aws budgets create-notification --account-id <account-id> --budget-name <budget> --notification NotificationType=ACTUAL,ComparisonOperator=GREATER_THAN,Threshold=<percent>,ThresholdType=PERCENTAGE --subscribers SubscriptionType=EMAIL,Address=<email>',
  },
  global: true,
  params,
  // Every budget: evaluate() says the non-cost ones are NOT_APPLICABLE, so the sweep lists them too.
  resources: ({ budgets }) => budgets.budgetNames(),
  async evaluate({ budgets }, name, { params: { thresholds, notificationType } }) {
    const budget = await budgets.budget(name);
    if (budget.type === undefined) return cannotTell(`DescribeBudgets did not say the type of budget ${name} (no BudgetType)`);
    if (budget.type !== 'COST') {
      return notApplicable(`${name} is a ${budget.type} budget, not a cost budget`, { budgetType: budget.type });
    }
    const notifications = await budgets.notifications(name);

    const covered: number[] = [];
    const unconvertible: string[] = [];
    for (const n of notifications) {
      if (n.notificationType !== notificationType || n.comparisonOperator !== 'GREATER_THAN') continue;
      if (n.thresholdType === 'PERCENTAGE') covered.push(n.threshold);
      else if (budget.limit && budget.limit.amount > 0) covered.push((n.threshold * 100) / budget.limit.amount);
      // An absolute alert on a budget without a limit has no percentage: shown in evidence, never counted.
      else unconvertible.push(n.label);
    }
    const missing = thresholds.filter((t) => !covered.some((p) => Math.abs(p - t) < TOLERANCE));
    const percents = (values: readonly number[]) => values.map((v) => `${formatAmount(v)}%`).join(', ');
    const evidence = {
      limit: budget.limit ? `${formatAmount(budget.limit.amount)} ${budget.limit.unit}`.trim() : null,
      notifications: notifications.map((n) => n.label),
      missing: missing.map((t) => `${formatAmount(t)}%`),
      ...(unconvertible.length > 0 ? { unconvertible } : {}),
    };

    if (missing.length === 0) {
      return pass(`${name} alerts on ${notificationType} spend at ${percents(thresholds)} of its limit`, evidence);
    }
    const existing = covered.length > 0 ? `it alerts at ${percents([...covered].sort((a, b) => a - b))}` : `it has no ${notificationType} alert`;
    return fail(`${name} has no ${notificationType} alert at ${percents(missing)} (${existing})`, evidence);
  },
});
