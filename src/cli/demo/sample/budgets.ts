/** The demo's sample account: its Budgets resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../memory-account/index.js';
import type { MemorySubscriber } from '../memory-account/budgets.js';

/**
 * Seed 000 §10 asks for a $300/month budget alerting at 50%, 80% and 100% by email and SMS.
 * - `monthly-cost`: that budget as a team often leaves it, with its 100% alert never added
 *   (budget-alert-thresholds FAILs; a cost budget exists, so budget-cost-budget-exists PASSes).
 * - `ml-inference-monthly`: a compliant, SageMaker-only budget alerting at all three thresholds,
 *   by email and through an SNS topic (the path SMS takes).
 */
export function applyBudgetsSample(account: MemoryAccount): void {
  const finance: MemorySubscriber = { type: 'EMAIL', address: 'finance-alerts@example.com' };
  const oncall: MemorySubscriber = { type: 'EMAIL', address: 'oncall@example.com' };
  const smsTopic: MemorySubscriber = { type: 'SNS', address: `arn:aws:sns:us-east-1:${account.accountId}:sample-budget-sms` };

  account.budgets.budgets.push(
    {
      name: 'monthly-cost',
      type: 'COST',
      timeUnit: 'MONTHLY',
      limit: { amount: 300, unit: 'USD' },
      notifications: [
        { type: 'ACTUAL', threshold: 50, subscribers: [finance] },
        { type: 'ACTUAL', threshold: 80, subscribers: [finance, oncall] },
      ],
    },
    {
      name: 'ml-inference-monthly',
      type: 'COST',
      timeUnit: 'MONTHLY',
      limit: { amount: 100, unit: 'USD' },
      costFilters: { Service: ['Amazon SageMaker'] },
      notifications: [50, 80, 100].map((threshold) => ({
        type: 'ACTUAL' as const,
        threshold,
        subscribers: [oncall, smsTopic],
      })),
    },
  );
}
