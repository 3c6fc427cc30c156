/** Everything Preflight knows about calling Budgets: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK). */
import type { Budget, Notification } from '@aws-sdk/client-budgets';
import type { CloudTrailDetail } from '#shared/core/cloudtrail-detail.js';
import { errorCode } from '#shared/core/errors.js';
import { homeRegionOf, partitionOf } from '#shared/core/resource-ids.js';
import { collectPages, ServiceReader, findOrGone } from '../../reader-base.js';
import type { BudgetsApi } from './sdk.js';

/** One budget as the rules see it. */
export interface BudgetFacts {
  name: string;
  /** COST, USAGE, RI_UTILIZATION...; undefined when the answer left it out (it is required). */
  type?: string;
  /** MONTHLY, DAILY, QUARTERLY, ANNUALLY, CUSTOM. */
  timeUnit?: string;
  /** The current period's limit (Budgets reports the current planned limit here too). */
  limit?: { amount: number; unit: string };
  /** True when a cost filter or filter expression narrows the budget to part of the bill. */
  filtered: boolean;
}

export interface BudgetNotification {
  notificationType: string;
  comparisonOperator: string;
  threshold: number;
  /** Budgets omits ThresholdType for percentage thresholds (its default): absent reads as PERCENTAGE. */
  thresholdType: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
  /** "ACTUAL > 80%", "FORECASTED > 250 (absolute)": how findings name a notification. */
  label: string;
  /** The notification exactly as Budgets returned it: DescribeSubscribersForNotification is keyed by it. */
  raw: Notification;
}

export interface BudgetSubscriber {
  type: string;
  address: string;
}

const OPERATOR_SYMBOLS: Readonly<Record<string, string>> = { GREATER_THAN: '>', LESS_THAN: '<', EQUAL_TO: '=' };

/** A number as people write it: 80, 33.33. */
export function formatAmount(value: number): string {
  return String(Number(value.toFixed(2)));
}

function notificationLabel(type: string, operator: string, threshold: number, thresholdType: string): string {
  const value = thresholdType === 'ABSOLUTE_VALUE' ? `${formatAmount(threshold)} (absolute)` : `${formatAmount(threshold)}%`;
  return `${type} ${OPERATOR_SYMBOLS[operator] ?? operator} ${value}`;
}

/**
 * The budget a Budgets CloudTrail record names. Budgets logs its request members as the API spells them
 * (a DescribeBudgets record carries `{"AccountId": ...}`), so `BudgetName`, or `NewBudget.BudgetName`
 * for UpdateBudget and `Budget.BudgetName` for CreateBudget; the camelCase spellings are accepted too,
 * in case a record is normalised on its way to us.
 */
export function budgetNamesFromEvent(detail: CloudTrailDetail): string[] {
  const paths = ['BudgetName', 'NewBudget.BudgetName', 'Budget.BudgetName', 'budgetName', 'newBudget.budgetName', 'budget.budgetName'];
  for (const path of paths) {
    let value: unknown = detail.requestParameters;
    for (const key of path.split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (typeof value === 'string' && value) return [value];
  }
  return [];
}

const PAGE_SIZE = 100;

function budgetFacts(budget: Budget): BudgetFacts[] {
  if (!budget.BudgetName) return [];
  const amount = Number.parseFloat(budget.BudgetLimit?.Amount ?? '');
  const hasCostFilters = Object.values(budget.CostFilters ?? {}).some((values) => values.length > 0);
  // An empty expression filters nothing; only one with a clause narrows the budget.
  const hasExpression = Object.values(budget.FilterExpression ?? {}).some((clause) => clause !== undefined && clause !== null);
  return [
    {
      name: budget.BudgetName,
      type: budget.BudgetType || undefined,
      timeUnit: budget.TimeUnit,
      limit: Number.isFinite(amount) ? { amount, unit: budget.BudgetLimit?.Unit ?? '' } : undefined,
      filtered: hasCostFilters || hasExpression,
    },
  ];
}

export class BudgetsReader extends ServiceReader<BudgetsApi> {
  protected readonly service = 'budgets';

  /** Budgets has one endpoint per partition, in its home region, whatever region is being evaluated. */
  protected override endpoint(): string {
    return homeRegionOf(partitionOf(this.region));
  }

  /** Every budget of the account, all pages. */
  budgets(): Promise<readonly BudgetFacts[]> {
    // Budgets is account-wide: one listing serves every rule and region of the scan.
    return this.accountFact('list', async () => {
      const budgets: BudgetFacts[] = [];
      try {
        await collectPages(async (token) => {
          const page = await this.send('DescribeBudgets', (api) =>
            api.describeBudgets({ AccountId: this.accountId, MaxResults: PAGE_SIZE, NextToken: token, ShowFilterExpression: true }),
          );
          // Kept page by page: a failure after the first page is an error, not "no budgets".
          budgets.push(...(page.Budgets ?? []).flatMap(budgetFacts));
          return { items: [], next: page.NextToken };
        });
      } catch (error) {
        // DescribeBudgets names no resource, so a NotFoundException before any budget can only mean
        // "this account has no budgets".
        if (errorCode(error) !== 'NotFoundException' || budgets.length > 0) throw error;
      }
      return budgets;
    });
  }

  async budgetNames(): Promise<string[]> {
    return (await this.budgets()).map((b) => b.name);
  }

  /** One budget, from the listing; ResourceNotFoundError when the account has no budget of that name. */
  async budget(name: string): Promise<BudgetFacts> {
    return findOrGone(await this.budgets(), (b) => b.name === name, name);
  }

  /** The budget's notifications, all pages. */
  notifications(budget: string): Promise<readonly BudgetNotification[]> {
    return this.accountFact(`notifications:${budget}`, () =>
      this.allPagesOfBudget(
        budget,
        'DescribeNotificationsForBudget',
        (api, NextToken) => api.describeNotificationsForBudget({ AccountId: this.accountId, BudgetName: budget, MaxResults: PAGE_SIZE, NextToken }),
        (page) =>
          (page.Notifications ?? []).flatMap((raw): BudgetNotification[] => {
            if (raw.Threshold === undefined || !raw.NotificationType || !raw.ComparisonOperator) return [];
            const thresholdType = raw.ThresholdType === 'ABSOLUTE_VALUE' ? 'ABSOLUTE_VALUE' : 'PERCENTAGE';
            const label = notificationLabel(raw.NotificationType, raw.ComparisonOperator, raw.Threshold, thresholdType);
            const { NotificationType: notificationType, ComparisonOperator: comparisonOperator, Threshold: threshold } = raw;
            return [{ notificationType, comparisonOperator, threshold, thresholdType, label, raw }];
          }),
      ),
    );
  }

  /** The subscribers of one of the budget's notifications, all pages. */
  subscribers(budget: string, notification: BudgetNotification): Promise<readonly BudgetSubscriber[]> {
    const { notificationType, comparisonOperator, threshold, thresholdType, raw } = notification;
    const key = `subscribers:${budget}:${notificationType}:${comparisonOperator}:${threshold}:${thresholdType}`;
    return this.accountFact(key, () =>
      this.allPagesOfBudget(
        budget,
        'DescribeSubscribersForNotification',
        (api, NextToken) =>
          api.describeSubscribersForNotification({
            AccountId: this.accountId,
            BudgetName: budget,
            Notification: raw,
            MaxResults: PAGE_SIZE,
            NextToken,
          }),
        (page) => (page.Subscribers ?? []).flatMap((s) => (s.SubscriptionType && s.Address ? [{ type: s.SubscriptionType, address: s.Address }] : [])),
      ),
    );
  }

  /**
   * Every item of a paginated call about one budget. NotFoundException means the budget is gone, or
   * (Budgets answers so for some empty lists) that the list is empty: the budget listing tells which, so
   * a budget without alerts is never closed as deleted, and a deleted one becomes ResourceNotFoundError.
   */
  private async allPagesOfBudget<P extends { NextToken?: string }, T>(
    budget: string,
    operation: string,
    fetch: (api: BudgetsApi, token: string | undefined) => Promise<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    try {
      return await this.allPages(operation, async (api, token) => {
        const page = await fetch(api, token);
        return { items: items(page), next: page.NextToken };
      });
    } catch (error) {
      if (errorCode(error) !== 'NotFoundException') throw error;
      await this.budget(budget);
      return [];
    }
  }
}
