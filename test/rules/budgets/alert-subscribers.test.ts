import {
  BudgetsClient,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  type Notification,
} from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { budgetAlertSubscribers as rule } from '../../../src/rules/budgets/alert-subscribers.js';
import { ACCOUNT, awsError, runRule, throttled, verdicts } from '../../helpers/aws.js';

const budgets = mockClient(BudgetsClient);

const named = (...names: string[]) => ({ Budgets: names.map((BudgetName) => ({ BudgetName, BudgetType: 'COST' as const, TimeUnit: 'MONTHLY' as const })) });
const actual = (Threshold: number): Notification => ({ NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold });
const email = (Address: string) => ({ SubscriptionType: 'EMAIL' as const, Address });
const sns = { SubscriptionType: 'SNS' as const, Address: `arn:aws:sns:us-east-1:${ACCOUNT}:budget-alerts` };
const notFound = () => awsError('NotFoundException', "Unable to get budget: monthly-cost - the budget doesn't exist.");

/** Subscribers answered per notification, matched on the Notification Budgets is asked about. */
function subscribersFor(threshold: number, subscribers: Array<{ SubscriptionType: 'EMAIL' | 'SNS'; Address: string }>): void {
  budgets.on(DescribeSubscribersForNotificationCommand, { BudgetName: 'monthly-cost', Notification: actual(threshold) }).resolves({ Subscribers: subscribers });
}

describe('budget-alert-subscribers', () => {
  beforeEach(() => budgets.reset());

  it('passes when every notification has a subscriber, without exposing addresses', async () => {
    // Prepare
    budgets.on(DescribeBudgetsCommand).resolves(named('monthly-cost'));
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [actual(50), actual(80)] });
    subscribersFor(50, [email('finance@example.com')]);
    subscribersFor(80, [email('finance@example.com'), sns]);
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'monthly-cost': 'PASS: every notification of monthly-cost has a subscriber (2 notifications, 3 subscribers)',
    });
    expect(findings[0]).toMatchObject({ resourceType: 'AWS::Budgets::Budget', region: 'global', severity: 'MEDIUM' });
    expect(findings[0]?.evidence).toEqual({
      notifications: [
        { notification: 'ACTUAL > 50%', subscribers: 1, email: 1, sns: 0 },
        { notification: 'ACTUAL > 80%', subscribers: 2, email: 1, sns: 1 },
      ],
    });
    expect(JSON.stringify(findings)).not.toContain('finance@example.com');
    expect(budgets).toHaveReceivedCommandWith(DescribeSubscribersForNotificationCommand, { AccountId: ACCOUNT, Notification: actual(80) });
  });

  it('fails naming the notifications nobody receives (an empty list or NotFoundException)', async () => {
    budgets.on(DescribeBudgetsCommand).resolves(named('monthly-cost'));
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({
      Notifications: [actual(50), actual(100), { ...actual(240), ThresholdType: 'ABSOLUTE_VALUE' }],
    });
    subscribersFor(50, [email('finance@example.com')]);
    subscribersFor(100, []);
    budgets
      .on(DescribeSubscribersForNotificationCommand, { Notification: { ...actual(240), ThresholdType: 'ABSOLUTE_VALUE' } })
      .rejects(awsError('NotFoundException', 'Unable to get subscribers'));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'monthly-cost': 'FAIL: monthly-cost has notifications nobody receives: ACTUAL > 100%, ACTUAL > 240 (absolute)',
    });
  });

  it('with requireSns, fails on notifications that reach no SNS topic (no SMS)', async () => {
    budgets.on(DescribeBudgetsCommand).resolves(named('monthly-cost'));
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [actual(50), actual(80), actual(100)] });
    subscribersFor(50, [email('finance@example.com')]);
    subscribersFor(80, [email('finance@example.com')]);
    subscribersFor(100, [sns]);

    const { findings } = await runRule(rule, { params: { requireSns: true } });

    expect(verdicts(findings)).toEqual({
      'monthly-cost': 'FAIL: monthly-cost has notifications without an SNS subscriber (needed for SMS): ACTUAL > 50%, ACTUAL > 80%',
    });
  });

  it('with requireSns, passes when every notification reaches an SNS topic', async () => {
    budgets.on(DescribeBudgetsCommand).resolves(named('monthly-cost'));
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [actual(80)] });
    subscribersFor(80, [email('finance@example.com'), sns]);

    const { findings } = await runRule(rule, { params: { requireSns: true } });

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'PASS: every notification of monthly-cost reaches an SNS topic (1 notification)' });
  });

  it('is NOT_APPLICABLE for a budget without notifications, and covers every budget type', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({
      Budgets: [{ BudgetName: 'ec2-hours', BudgetType: 'USAGE', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '700', Unit: 'Hrs' } }],
    });
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'ec2-hours': 'NOT_APPLICABLE: ec2-hours has no notifications' });
    expect(budgets).not.toHaveReceivedCommand(DescribeSubscribersForNotificationCommand);
  });

  it('is ERROR, not PASS, when DescribeSubscribersForNotification is denied', async () => {
    budgets.on(DescribeBudgetsCommand).resolves(named('monthly-cost'));
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [actual(50)] });
    budgets.on(DescribeSubscribersForNotificationCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: budgets:ViewBudget'));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'ERROR: AccessDeniedException: not authorized to perform: budgets:ViewBudget' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    budgets.on(DescribeBudgetsCommand).resolves(named('monthly-cost'));
    budgets.on(DescribeNotificationsForBudgetCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is one account-level ERROR when the budgets cannot be listed', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(findings).toMatchObject([{ status: 'ERROR', resourceId: ACCOUNT, reason: 'could not list resources: ThrottlingException: Rate exceeded' }]);
  });

  it('reads every page of budgets, notifications and subscribers', async () => {
    budgets
      .on(DescribeBudgetsCommand)
      .resolvesOnce({ ...named('first'), NextToken: 'b1' })
      .resolvesOnce(named('monthly-cost'));
    budgets.on(DescribeNotificationsForBudgetCommand, { BudgetName: 'first' }).resolves({ Notifications: [] });
    budgets
      .on(DescribeNotificationsForBudgetCommand, { BudgetName: 'monthly-cost' })
      .resolvesOnce({ Notifications: [actual(50)], NextToken: 'n1' })
      .resolvesOnce({ Notifications: [actual(80)] });
    subscribersFor(50, [email('finance@example.com')]);
    budgets
      .on(DescribeSubscribersForNotificationCommand, { BudgetName: 'monthly-cost', Notification: actual(80) })
      .resolvesOnce({ Subscribers: [], NextToken: 's1' })
      .resolvesOnce({ Subscribers: [sns] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      first: 'NOT_APPLICABLE: first has no notifications',
      'monthly-cost': 'PASS: every notification of monthly-cost has a subscriber (2 notifications, 2 subscribers)',
    });
    expect(budgets).toHaveReceivedNthCommandWith(DescribeBudgetsCommand, 2, { NextToken: 'b1' });
    expect(budgets).toHaveReceivedCommandWith(DescribeNotificationsForBudgetCommand, { BudgetName: 'monthly-cost', NextToken: 'n1' });
    expect(budgets).toHaveReceivedCommandWith(DescribeSubscribersForNotificationCommand, { Notification: actual(80), NextToken: 's1' });
    expect(budgets).toHaveReceivedCommandTimes(DescribeSubscribersForNotificationCommand, 3);
  });

  it('re-evaluates the one budget a subscriber event names, without listing the budgets', async () => {
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [actual(80)] });
    subscribersFor(80, []);

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['monthly-cost'] } });

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'FAIL: monthly-cost has notifications nobody receives: ACTUAL > 80%' });
    expect(budgets).not.toHaveReceivedCommand(DescribeBudgetsCommand);
  });

  it('closes the finding (RESOLVED) when the named budget no longer exists', async () => {
    budgets.on(DescribeBudgetsCommand).resolves(named('other'));
    budgets.on(DescribeNotificationsForBudgetCommand).rejects(notFound());

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['monthly-cost'] } });

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'RESOLVED: monthly-cost no longer exists' });
  });
});
