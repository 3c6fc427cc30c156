/** Budgets's SDK binding: the only module that loads '@aws-sdk/client-budgets' (imported on first use). */
import {
  BudgetsClient,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
} from '@aws-sdk/client-budgets';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand };

/** The Budgets calls Preflight makes, one method per command, for one region's endpoint. */
export type BudgetsApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): BudgetsApi => bindCommands(new BudgetsClient(config), COMMANDS);
