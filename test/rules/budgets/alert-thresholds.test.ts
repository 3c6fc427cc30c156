import { BudgetsClient, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand, type Notification } from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { budgetAlertThresholds as rule } from '../../../src/rules/budgets/alert-thresholds.js';
import { ACCOUNT, awsError, runRule, throttled, verdicts } from '../../helpers/aws.js';

const budgets = mockClient(BudgetsClient);

const cost = (BudgetName: string, Amount = '300') => ({
  BudgetName,
  BudgetType: 'COST' as const,
  TimeUnit: 'MONTHLY' as const,
  BudgetLimit: { Amount, Unit: 'USD' },
});
// Budgets omits ThresholdType for percentage thresholds, as here.
const actual = (Threshold: number): Notification => ({ NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold });
const denied = () => awsError('AccessDeniedException', 'User is not authorized to perform: budgets:ViewBudget', 400);
const notFound = () => awsError('NotFoundException', "Unable to get budget: monthly-cost - the budget doesn't exist.", 400);

describe('budget-alert-thresholds', () => {
  beforeEach(() => budgets.reset());

  it('passes when a cost budget alerts on ACTUAL spend at 50, 80 and 100 %', async () => {
    // Prepare
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('monthly-cost')] });
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [actual(50), actual(80), actual(100)] });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'PASS: monthly-cost alerts on ACTUAL spend at 50%, 80%, 100% of its limit' });
    expect(findings[0]).toMatchObject({
      resourceId: `arn:aws:budgets::${ACCOUNT}:budget/monthly-cost`,
      resourceType: 'AWS::Budgets::Budget',
      region: 'global',
      severity: 'MEDIUM',
    });
    // Budgets is global: asked once, with the account id, whatever region is swept.
    expect(budgets).toHaveReceivedCommandWith(DescribeNotificationsForBudgetCommand, { AccountId: ACCOUNT, BudgetName: 'monthly-cost' });
  });

  it('fails naming the missing thresholds; FORECASTED and LESS_THAN alerts do not count', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('monthly-cost'), cost('silent')] });
    budgets.on(DescribeNotificationsForBudgetCommand, { BudgetName: 'monthly-cost' }).resolves({
      Notifications: [
        actual(80),
        actual(50),
        { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
        { NotificationType: 'ACTUAL', ComparisonOperator: 'LESS_THAN', Threshold: 100 },
      ],
    });
    budgets.on(DescribeNotificationsForBudgetCommand, { BudgetName: 'silent' }).resolves({ Notifications: [] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'monthly-cost': 'FAIL: monthly-cost has no ACTUAL alert at 100% (it alerts at 50%, 80%)',
      silent: 'FAIL: silent has no ACTUAL alert at 50%, 80%, 100% (it has no ACTUAL alert)',
    });
    expect(findings.find((f) => f.resourceName === 'monthly-cost')?.evidence).toEqual({
      limit: '300 USD',
      notifications: ['ACTUAL > 80%', 'ACTUAL > 50%', 'FORECASTED > 100%', 'ACTUAL < 100%'],
      missing: ['100%'],
    });
  });

  it('counts ABSOLUTE_VALUE alerts as their share of the limit', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('monthly-cost', '300.0')] });
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({
      Notifications: [150, 240, 300].map((Threshold) => ({ ...actual(Threshold), ThresholdType: 'ABSOLUTE_VALUE' as const })),
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'PASS: monthly-cost alerts on ACTUAL spend at 50%, 80%, 100% of its limit' });
  });

  it('honours the thresholds and notificationType params', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('monthly-cost')] });
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({
      Notifications: [actual(100), { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 90 }],
    });

    const { findings } = await runRule(rule, { params: { thresholds: [90, 110], notificationType: 'FORECASTED' } });

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'FAIL: monthly-cost has no FORECASTED alert at 110% (it alerts at 90%)' });
  });

  it('rejects invalid params', () => {
    expect(() => rule.bind({ thresholds: [] })).toThrow(/budget-alert-thresholds\.thresholds/);
    expect(() => rule.bind({ notificationType: 'ESTIMATED' })).toThrow(/notificationType/);
  });

  it('is ERROR, not PASS, when DescribeNotificationsForBudget is denied, and the other budgets are still checked', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('denied'), cost('fine')] });
    budgets.on(DescribeNotificationsForBudgetCommand, { BudgetName: 'denied' }).rejects(denied());
    budgets.on(DescribeNotificationsForBudgetCommand, { BudgetName: 'fine' }).resolves({ Notifications: [actual(50), actual(80), actual(100)] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      denied: 'ERROR: AccessDeniedException: User is not authorized to perform: budgets:ViewBudget',
      fine: 'PASS: fine alerts on ACTUAL spend at 50%, 80%, 100% of its limit',
    });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('busy')] });
    budgets.on(DescribeNotificationsForBudgetCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ busy: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is one account-level ERROR when the budgets cannot be listed', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(denied());

    const { findings, complete } = await runRule(rule);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'ERROR',
      resourceId: ACCOUNT,
      region: 'global',
      reason: 'could not list resources: AccessDeniedException: User is not authorized to perform: budgets:ViewBudget',
    });
    expect(complete).toEqual([]);
  });

  it('gives a budget of another type a NOT_APPLICABLE finding of its own, never "no budget"', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({
      Budgets: [{ BudgetName: 'ec2-hours', BudgetType: 'USAGE', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '700', Unit: 'Hrs' } }],
    });

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'ec2-hours': 'NOT_APPLICABLE: ec2-hours is a USAGE budget, not a cost budget' });
    expect(complete).toEqual([{ ruleId: rule.id, region: 'global' }]);
    expect(budgets).not.toHaveReceivedCommand(DescribeNotificationsForBudgetCommand);
  });

  it('reads every page of DescribeBudgets and DescribeNotificationsForBudget', async () => {
    budgets
      .on(DescribeBudgetsCommand)
      .resolvesOnce({ Budgets: [cost('page1')], NextToken: 'b1' })
      .resolvesOnce({ Budgets: [cost('page2')] });
    budgets
      .on(DescribeNotificationsForBudgetCommand, { BudgetName: 'page1' })
      .resolvesOnce({ Notifications: [actual(50)], NextToken: 'n1' })
      .resolvesOnce({ Notifications: [actual(80)], NextToken: 'n2' })
      .resolvesOnce({ Notifications: [actual(100)] });
    budgets.on(DescribeNotificationsForBudgetCommand, { BudgetName: 'page2' }).resolves({ Notifications: [actual(100)] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      page1: 'PASS: page1 alerts on ACTUAL spend at 50%, 80%, 100% of its limit',
      page2: 'FAIL: page2 has no ACTUAL alert at 50%, 80% (it alerts at 100%)',
    });
    expect(budgets).toHaveReceivedCommandTimes(DescribeBudgetsCommand, 2);
    expect(budgets).toHaveReceivedNthCommandWith(DescribeBudgetsCommand, 2, { AccountId: ACCOUNT, NextToken: 'b1' });
    expect(budgets).toHaveReceivedCommandWith(DescribeNotificationsForBudgetCommand, { BudgetName: 'page1', NextToken: 'n1' });
    expect(budgets).toHaveReceivedCommandWith(DescribeNotificationsForBudgetCommand, { BudgetName: 'page1', NextToken: 'n2' });
    expect(budgets).toHaveReceivedCommandTimes(DescribeNotificationsForBudgetCommand, 4);
  });

  it('re-evaluates the one budget an event names', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('other'), cost('monthly-cost')] });
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [actual(50), actual(80)] });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['monthly-cost'] } });

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'FAIL: monthly-cost has no ACTUAL alert at 100% (it alerts at 50%, 80%)' });
    expect(findings[0]?.region).toBe('global');
    expect(budgets).toHaveReceivedCommandTimes(DescribeNotificationsForBudgetCommand, 1);
  });

  it('is NOT_APPLICABLE for a named budget that is not a cost budget', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [{ BudgetName: 'ri', BudgetType: 'RI_UTILIZATION', TimeUnit: 'MONTHLY' }] });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['ri'] } });

    expect(verdicts(findings)).toEqual({ ri: 'NOT_APPLICABLE: ri is a RI_UTILIZATION budget, not a cost budget' });
  });

  it('is ERROR, never NOT_APPLICABLE, for a budget listed without its (required) BudgetType', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [{ ...cost('untyped'), BudgetType: undefined } as never] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ untyped: 'ERROR: DescribeBudgets did not say the type of budget untyped (no BudgetType)' });
  });

  it('closes the finding (RESOLVED) when DeleteBudget removed the named budget', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('other')] });
    budgets.on(DescribeNotificationsForBudgetCommand).rejects(notFound());

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: ['monthly-cost'] } });

    expect(verdicts(findings)).toEqual({ 'monthly-cost': 'RESOLVED: monthly-cost no longer exists' });
  });

  it('fails, not RESOLVED, when a listed budget answers NotFoundException for its (empty) notifications', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [cost('monthly-cost')] });
    budgets.on(DescribeNotificationsForBudgetCommand).rejects(notFound());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'monthly-cost': 'FAIL: monthly-cost has no ACTUAL alert at 50%, 80%, 100% (it has no ACTUAL alert)',
    });
  });
});
