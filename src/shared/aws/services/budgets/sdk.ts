/** The SDK binding of BudgetsApi: the only module that loads '@aws-sdk/client-budgets' (imported on first use). */
import {
  BudgetsClient,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
} from '@aws-sdk/client-budgets';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { BudgetsApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): BudgetsApi {
  return awsBudgetsApi(readable(new BudgetsClient(config)));
}

export function awsBudgetsApi(client: BudgetsClient): BudgetsApi {
  return {
    describeBudgets: (input) => client.send(new DescribeBudgetsCommand(input)),
    describeNotificationsForBudget: (input) => client.send(new DescribeNotificationsForBudgetCommand(input)),
    describeSubscribersForNotification: (input) => client.send(new DescribeSubscribersForNotificationCommand(input)),
  };
}
