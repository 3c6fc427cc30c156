import { describe, expect, it } from 'vitest';
import { applyBudgetsSample } from '../../../../src/cli/demo/sample/budgets.js';
import { budgetsRules } from '../../../../src/rules/budgets/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyBudgetsState, type MemoryBudgetsState } from '../../../../src/cli/demo/memory-account/budgets.js';
import {
  emptyAccount as createEmptyAccount,
  type MemoryAccount,
  type MemoryCallInfo,
  memoryApiProvider,
} from '../../../../src/cli/demo/memory-account/index.js';
import { verdicts } from '../../../helpers/aws.js';

const ACCOUNT = '111122223333';

function account(budgets: MemoryBudgetsState = emptyBudgetsState()): MemoryAccount {
  return { ...createEmptyAccount(ACCOUNT), budgets };
}

const state: MemoryBudgetsState = {
  budgets: [
    {
      name: 'monthly-cost',
      limit: { amount: 300 },
      notifications: [
        { threshold: 50, subscribers: [{ type: 'EMAIL', address: 'a@example.com' }] },
        { threshold: 240, thresholdType: 'ABSOLUTE_VALUE', subscribers: [{ type: 'EMAIL', address: 'b@example.com' }] },
      ],
    },
    { name: 'ec2-hours', type: 'USAGE', limit: { amount: 700, unit: 'Hrs' } },
    { name: 'bedrock', limit: { amount: 50 }, costFilters: { Service: ['Amazon Bedrock'] } },
  ],
};

describe('in-memory Budgets', () => {
  const api = () => memoryApiProvider(account(state))('us-east-1').budgets();

  it('describes budgets page by page, with defaults filled in as Budgets reports them', async () => {
    const first = await (await api()).describeBudgets({ AccountId: ACCOUNT, MaxResults: 2 });
    const second = await (await api()).describeBudgets({ AccountId: ACCOUNT, MaxResults: 2, NextToken: first.NextToken });

    expect(first.Budgets?.map((b) => b.BudgetName)).toEqual(['monthly-cost', 'ec2-hours']);
    expect(first.Budgets?.[0]).toEqual({
      BudgetName: 'monthly-cost',
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: '300', Unit: 'USD' },
    });
    expect(second).toEqual({
      Budgets: [
        {
          BudgetName: 'bedrock',
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: '50', Unit: 'USD' },
          CostFilters: { Service: ['Amazon Bedrock'] },
        },
      ],
      NextToken: undefined,
    });
  });

  it('omits ThresholdType for percentage notifications and finds subscribers by the notification', async () => {
    const { Notifications } = await (await api()).describeNotificationsForBudget({ AccountId: ACCOUNT, BudgetName: 'monthly-cost' });

    expect(Notifications).toEqual([
      { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 50, NotificationState: 'OK' },
      { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 240, ThresholdType: 'ABSOLUTE_VALUE', NotificationState: 'OK' },
    ]);
    const subscribers = await (await api()).describeSubscribersForNotification({
      AccountId: ACCOUNT,
      BudgetName: 'monthly-cost',
      Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 50, ThresholdType: 'PERCENTAGE' },
    });
    expect(subscribers.Subscribers).toEqual([{ SubscriptionType: 'EMAIL', Address: 'a@example.com' }]);
  });

  it('answers NotFoundException for an unknown budget or notification, AccessDeniedException for another account', async () => {
    await expect((await api()).describeNotificationsForBudget({ AccountId: ACCOUNT, BudgetName: 'gone' })).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    await expect(
      (await api()).describeSubscribersForNotification({
        AccountId: ACCOUNT,
        BudgetName: 'monthly-cost',
        Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 50 },
      }),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect((await api()).describeBudgets({ AccountId: '999999999999' })).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('serves the real rules: the demo sample reads as the seed describes it', async () => {
    const sample = account();
    applyBudgetsSample(sample);
    const calls: MemoryCallInfo[] = [];

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: budgetsRules.map((rule) => rule.bind()),
      apis: memoryApiProvider(sample, { onCall: (call) => calls.push(call) }),
    });

    expect(Object.fromEntries(findings.map((f) => [`${f.ruleId} ${f.resourceName}`, `${f.status}: ${f.reason}`]))).toEqual({
      [`budget-cost-budget-exists ${ACCOUNT}`]: `PASS: account ${ACCOUNT} has 2 cost budgets: monthly-cost (300 USD MONTHLY), ml-inference-monthly (100 USD MONTHLY, filtered)`,
      'budget-alert-thresholds monthly-cost': 'FAIL: monthly-cost has no ACTUAL alert at 100% (it alerts at 50%, 80%)',
      'budget-alert-thresholds ml-inference-monthly': 'PASS: ml-inference-monthly alerts on ACTUAL spend at 50%, 80%, 100% of its limit',
      'budget-alert-subscribers monthly-cost': 'PASS: every notification of monthly-cost has a subscriber (2 notifications, 3 subscribers)',
      'budget-alert-subscribers ml-inference-monthly': 'PASS: every notification of ml-inference-monthly has a subscriber (3 notifications, 6 subscribers)',
    });
    expect(findings.every((f) => f.region === 'global')).toBe(true);
    // One listing and one notification read per budget serve all three rules; Budgets is asked in us-east-1.
    expect(calls.filter((c) => c.operation === 'DescribeBudgets')).toHaveLength(1);
    expect(calls.filter((c) => c.operation === 'DescribeNotificationsForBudget')).toHaveLength(2);
    expect(new Set(calls.map((c) => c.region))).toEqual(new Set(['us-east-1']));
  });

  it('with maxMonthlyLimit 300, the sample passes on monthly-cost (the filtered budget covers SageMaker only)', async () => {
    const sample = account();
    applyBudgetsSample(sample);
    const exists = budgetsRules.find((r) => r.id === 'budget-cost-budget-exists');

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['us-east-1'],
      rules: exists ? [exists.bind({ maxMonthlyLimit: 300 })] : [],
      apis: memoryApiProvider(sample),
    });

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: `PASS: monthly-cost caps the monthly spend of account ${ACCOUNT} at 300 USD (maxMonthlyLimit 300)`,
    });
  });
});
