import { type Budget, BudgetsClient, DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { budgetCostBudgetExists as rule } from '../../../src/rules/budgets/cost-budget-exists.js';
import { ACCOUNT, awsError, runRule, throttled, verdicts } from '../../helpers/aws.js';

const budgets = mockClient(BudgetsClient);

function budget(BudgetName: string, Amount: string, TimeUnit: Budget['TimeUnit'] = 'MONTHLY', extra: Partial<Budget> = {}): Budget {
  return { BudgetName, BudgetType: 'COST', TimeUnit, BudgetLimit: { Amount, Unit: 'USD' }, ...extra };
}
const usage: Budget = { BudgetName: 'ec2-hours', BudgetType: 'USAGE', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '700', Unit: 'Hrs' } };

describe('budget-cost-budget-exists', () => {
  beforeEach(() => budgets.reset());

  it('passes when a cost budget exists, with one global finding for the account', async () => {
    // Prepare
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [budget('monthly-cost', '300.0'), usage] });
    // Act
    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'us-west-2'] });
    // Assess
    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `PASS: account ${ACCOUNT} has 1 cost budget: monthly-cost (300 USD MONTHLY)` });
    expect(findings[0]).toMatchObject({ resourceId: ACCOUNT, resourceType: 'AWS::::Account', region: 'global', severity: 'HIGH' });
    expect(budgets).toHaveReceivedCommandTimes(DescribeBudgetsCommand, 1);
    expect(budgets).toHaveReceivedCommandWith(DescribeBudgetsCommand, { AccountId: ACCOUNT });
  });

  it('fails when the account has no cost budget', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [usage] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `FAIL: account ${ACCOUNT} has no cost budget (it has 1 budget of other types)` });
  });

  it('is ERROR, never "no cost budget", when a budget is listed without its (required) BudgetType', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [usage, { ...usage, BudgetName: 'untyped', BudgetType: undefined } as never] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: 'ERROR: DescribeBudgets did not say the type of budget untyped (no BudgetType), and no budget is known to be a cost budget',
    });
  });

  it('fails when the account has no budget at all (Budgets may answer NotFoundException)', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(awsError('NotFoundException', 'Account has no budgets'));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `FAIL: account ${ACCOUNT} has no cost budget` });
  });

  it('with maxMonthlyLimit, passes on the tightest whole-bill budget: MONTHLY at its limit, DAILY at 31 times', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [budget('monthly-cost', '300'), budget('daily-cost', '9', 'DAILY')] });

    const { findings } = await runRule(rule, { params: { maxMonthlyLimit: 300 } });

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: `PASS: daily-cost caps the monthly spend of account ${ACCOUNT} at 279 USD (maxMonthlyLimit 300)`,
    });
    expect(findings[0]?.evidence).toMatchObject({ maxMonthlyLimit: 300, cappedBy: 'daily-cost' });
  });

  it('with maxMonthlyLimit, fails when no budget bounds a month of the whole bill at that amount', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({
      Budgets: [
        budget('too-high', '1000'),
        budget('yearly', '3000', 'ANNUALLY'),
        budget('bedrock-only', '50', 'MONTHLY', { CostFilters: { Service: ['Amazon Bedrock'] } }),
        budget('tagged', '100', 'MONTHLY', { FilterExpression: { Tags: { Key: 'team', Values: ['ml'] } } }),
      ],
    });

    const { findings } = await runRule(rule, { params: { maxMonthlyLimit: 300 } });

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]:
        `FAIL: no cost budget of account ${ACCOUNT} caps the whole bill at 300 a month or less: too-high (1000 USD MONTHLY), ` +
        'yearly (3000 USD ANNUALLY), bedrock-only (50 USD MONTHLY, filtered), tagged (100 USD MONTHLY, filtered)',
    });
  });

  it('with maxMonthlyLimit, counts a budget with an empty filter expression as covering the whole bill', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [budget('monthly-cost', '300', 'MONTHLY', { FilterExpression: {}, CostFilters: {} })] });

    const { findings } = await runRule(rule, { params: { maxMonthlyLimit: 300 } });

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: `PASS: monthly-cost caps the monthly spend of account ${ACCOUNT} at 300 USD (maxMonthlyLimit 300)`,
    });
    expect(budgets).toHaveReceivedCommandWith(DescribeBudgetsCommand, { ShowFilterExpression: true });
  });

  it('rejects a non-positive maxMonthlyLimit', () => {
    expect(() => rule.bind({ maxMonthlyLimit: 0 })).toThrow(/budget-cost-budget-exists\.maxMonthlyLimit/);
    expect(() => rule.bind({ maxMonthlyLimt: 300 })).toThrow(/invalid params/);
  });

  it('is ERROR, not FAIL or PASS, when DescribeBudgets is denied', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: budgets:ViewBudget'));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: AccessDeniedException: User is not authorized to perform: budgets:ViewBudget' });
    expect(findings[0]?.evidence).toEqual({ errorCode: 'AccessDeniedException' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of DescribeBudgets', async () => {
    budgets
      .on(DescribeBudgetsCommand)
      .resolvesOnce({ Budgets: [usage], NextToken: 't1' })
      .resolvesOnce({ Budgets: [], NextToken: 't2' })
      .resolvesOnce({ Budgets: [budget('last-page', '300')] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `PASS: account ${ACCOUNT} has 1 cost budget: last-page (300 USD MONTHLY)` });
    expect(budgets).toHaveReceivedCommandTimes(DescribeBudgetsCommand, 3);
    expect(budgets).toHaveReceivedNthCommandWith(DescribeBudgetsCommand, 2, { NextToken: 't1' });
    expect(budgets).toHaveReceivedNthCommandWith(DescribeBudgetsCommand, 3, { NextToken: 't2' });
  });

  it('re-runs the account check when an event (DeleteBudget) arrives', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [] });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: [] } });

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `FAIL: account ${ACCOUNT} has no cost budget` });
    expect(findings[0]?.region).toBe('global');
  });
});
