import * as z from 'zod';
import { type BudgetFacts, formatAmount } from '#shared/aws/services/budgets/reader.js';
import { cannotTell, defineAccountRule, fail, pass } from '../define-rule.js';

const params = z
  .object({
    /**
     * When set, one account-wide cost budget must cap monthly spend at this amount or less (in the
     * budget's own currency, USD unless the account uses another), e.g. 300 for the seed's $300/month.
     */
    maxMonthlyLimit: z.number().positive().optional(),
  })
  .strict();

/** Days in the longest month: a DAILY budget that never alerts bounds a month's spend at 31 times its limit. */
const DAYS_PER_MONTH = 31;

/**
 * The most a month can cost without this budget's 100% alert firing, or undefined when it gives no such
 * bound: QUARTERLY, ANNUALLY and CUSTOM periods let a single month spend past any monthly figure.
 */
function monthlyCap(budget: BudgetFacts): number | undefined {
  if (!budget.limit) return undefined;
  if (budget.timeUnit === 'MONTHLY') return budget.limit.amount;
  if (budget.timeUnit === 'DAILY') return budget.limit.amount * DAYS_PER_MONTH;
  return undefined;
}

/** "monthly-cost (300 USD MONTHLY)", "bedrock (50 USD MONTHLY, filtered)". */
function describe(budget: BudgetFacts): string {
  const limit = budget.limit ? `${formatAmount(budget.limit.amount)} ${budget.limit.unit}`.trim() : 'no limit';
  const period = [limit, budget.timeUnit].filter(Boolean).join(' ');
  return `${budget.name} (${period}${budget.filtered ? ', filtered' : ''})`;
}

export const budgetCostBudgetExists = defineAccountRule({
  id: 'budget-cost-budget-exists',
  title: 'The account has a cost budget',
  description:
    'At least one budget of type COST exists. With maxMonthlyLimit set, one of them must also cover the whole bill ' +
    '(no cost filter) and cap monthly spend at maxMonthlyLimit or less: a MONTHLY budget by its limit, a DAILY one ' +
    'at 31 times its limit; QUARTERLY, ANNUALLY and CUSTOM budgets do not bound a month and do not count.',
  absentFields:
    'A budget without BudgetType (required by the API) makes the check ERROR unless another budget is known to ' +
    'be a cost budget. A budget without BudgetLimit caps nothing, so it never meets maxMonthlyLimit. ' +
    'NotFoundException for the listing means no budget.',
  severity: 'HIGH',
  resourceType: 'AWS::::Account',
  checklist: { source: '000 §10', item: 'Set AWS Budget Alerts (Budget: $300/month)' },
  controls: {},
  iamActions: ['budgets:ViewBudget'],
  triggers: [{ eventSource: 'budgets.amazonaws.com', eventNames: ['CreateBudget', 'UpdateBudget', 'DeleteBudget'] }],
  remediation: {
    text: 'Create a monthly cost budget over the whole bill, at the amount the launch plan expects (the seed: $300/month).',
    cli: 'aws budgets create-budget --account-id <account-id> --budget \'{"BudgetName":"monthly-cost","BudgetType":"COST","TimeUnit":"MONTHLY","BudgetLimit":{"Amount":"300","Unit":"USD"}}\'',
  },
  global: true,
  params,
  async evaluate({ budgets }, { accountId, params: { maxMonthlyLimit } }) {
    const all = await budgets.budgets();
    const cost = all.filter((b) => b.type === 'COST');
    const evidence = { costBudgets: cost.map(describe), otherBudgets: all.length - cost.length };
    const untyped = all.find((b) => b.type === undefined);
    if (cost.length === 0 && untyped) {
      return cannotTell(`DescribeBudgets did not say the type of budget ${untyped.name} (no BudgetType), and no budget is known to be a cost budget`, evidence);
    }
    if (cost.length === 0) {
      const others = all.length > 0 ? ` (it has ${all.length} budget${all.length === 1 ? '' : 's'} of other types)` : '';
      return fail(`account ${accountId} has no cost budget${others}`, evidence);
    }
    if (maxMonthlyLimit === undefined) {
      return pass(`account ${accountId} has ${cost.length} cost budget${cost.length === 1 ? '' : 's'}: ${cost.map(describe).join(', ')}`, evidence);
    }

    const capping = cost
      .filter((b) => !b.filtered)
      .map((b) => ({ budget: b, cap: monthlyCap(b) }))
      .filter((c): c is { budget: BudgetFacts; cap: number } => c.cap !== undefined && c.cap <= maxMonthlyLimit)
      .sort((a, b) => a.cap - b.cap);
    const limit = formatAmount(maxMonthlyLimit);
    const best = capping[0];
    if (!best) {
      return fail(`no cost budget of account ${accountId} caps the whole bill at ${limit} a month or less: ${cost.map(describe).join(', ')}`, {
        ...evidence,
        maxMonthlyLimit,
      });
    }
    const cap = `${formatAmount(best.cap)} ${best.budget.limit?.unit ?? ''}`.trim();
    return pass(`${best.budget.name} caps the monthly spend of account ${accountId} at ${cap} (maxMonthlyLimit ${limit})`, {
      ...evidence,
      maxMonthlyLimit,
      cappedBy: best.budget.name,
    });
  },
});
