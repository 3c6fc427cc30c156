/** Budgets of an in-memory account: answers the BudgetsApi from plain data, as Budgets would. */
import type { BudgetType, Notification, Subscriber, TimeUnit } from '@aws-sdk/client-budgets';
import type { BudgetsApi } from '#shared/aws/services/budgets/sdk.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

export interface MemorySubscriber {
  type: 'EMAIL' | 'SNS';
  address: string;
}

export interface MemoryBudgetNotification {
  /** Default ACTUAL. */
  type?: 'ACTUAL' | 'FORECASTED';
  /** Default GREATER_THAN. */
  operator?: 'GREATER_THAN' | 'LESS_THAN' | 'EQUAL_TO';
  threshold: number;
  /** Default PERCENTAGE (Budgets then omits it from its answers, as the real service does). */
  thresholdType?: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
  subscribers: MemorySubscriber[];
}

export interface MemoryBudget {
  name: string;
  /** Default COST. */
  type?: BudgetType;
  /** Default MONTHLY. */
  timeUnit?: TimeUnit;
  /** Amount in `unit` (default USD). */
  limit?: { amount: number; unit?: string };
  /** Legacy cost filters, e.g. `{ Service: ['Amazon Bedrock'] }`. */
  costFilters?: Record<string, string[]>;
  notifications?: MemoryBudgetNotification[];
}

export interface MemoryBudgetsState {
  budgets: MemoryBudget[];
}

export function emptyBudgetsState(): MemoryBudgetsState {
  return { budgets: [] };
}

function toNotification(n: MemoryBudgetNotification): Notification {
  return {
    NotificationType: n.type ?? 'ACTUAL',
    ComparisonOperator: n.operator ?? 'GREATER_THAN',
    Threshold: n.threshold,
    ...(n.thresholdType === 'ABSOLUTE_VALUE' ? { ThresholdType: 'ABSOLUTE_VALUE' as const } : {}),
    NotificationState: 'OK',
  };
}

/** Budgets identifies a notification by its type, operator, threshold and threshold type. */
function sameNotification(n: MemoryBudgetNotification, wanted: Notification | undefined): boolean {
  return (
    wanted !== undefined &&
    (n.type ?? 'ACTUAL') === wanted.NotificationType &&
    (n.operator ?? 'GREATER_THAN') === wanted.ComparisonOperator &&
    n.threshold === wanted.Threshold &&
    (n.thresholdType ?? 'PERCENTAGE') === (wanted.ThresholdType ?? 'PERCENTAGE')
  );
}

export function memoryBudgetsApi(state: MemoryBudgetsState, _region: string, accountId: string, call: MemoryCall): BudgetsApi {
  // Budgets only answers for the caller's own account.
  const checkAccount = (requested: string | undefined): void => {
    if (requested !== accountId) {
      throw new MemoryServiceError('AccessDeniedException', `You are not authorized to access budgets of account ${requested}`);
    }
  };
  const budget = (name: string | undefined): MemoryBudget => {
    const found = state.budgets.find((b) => b.name === name);
    if (!found) throw notFound('NotFoundException', `Unable to get budget: ${name} - the budget doesn't exist.`);
    return found;
  };
  return {
    describeBudgets: (input) =>
      call('budgets', 'DescribeBudgets', input, () => {
        checkAccount(input.AccountId);
        const page = paginate(state.budgets, input.NextToken, input.MaxResults);
        return {
          Budgets: page.items.map((b) => ({
            BudgetName: b.name,
            BudgetType: b.type ?? 'COST',
            TimeUnit: b.timeUnit ?? 'MONTHLY',
            ...(b.limit ? { BudgetLimit: { Amount: String(b.limit.amount), Unit: b.limit.unit ?? 'USD' } } : {}),
            ...(b.costFilters ? { CostFilters: b.costFilters } : {}),
          })),
          NextToken: page.next,
        };
      }),
    describeNotificationsForBudget: (input) =>
      call('budgets', 'DescribeNotificationsForBudget', input, () => {
        checkAccount(input.AccountId);
        const page = paginate(budget(input.BudgetName).notifications ?? [], input.NextToken, input.MaxResults);
        return { Notifications: page.items.map(toNotification), NextToken: page.next };
      }),
    describeSubscribersForNotification: (input) =>
      call('budgets', 'DescribeSubscribersForNotification', input, () => {
        checkAccount(input.AccountId);
        const notification = (budget(input.BudgetName).notifications ?? []).find((n) => sameNotification(n, input.Notification));
        if (!notification) throw notFound('NotFoundException', `Unable to get notification for budget ${input.BudgetName}`);
        const page = paginate(notification.subscribers, input.NextToken, input.MaxResults);
        const subscribers: Subscriber[] = page.items.map((s) => ({ SubscriptionType: s.type, Address: s.address }));
        return { Subscribers: subscribers, NextToken: page.next };
      }),
  };
}
