/** CloudWatch's SDK binding: the only module that loads '@aws-sdk/client-cloudwatch' (imported on first use). */
import { CloudWatchClient, DescribeAlarmsCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeAlarmsCommand, ListDashboardsCommand };

/** The CloudWatch calls Preflight makes, one method per command, for one region's endpoint. */
export type CloudWatchApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): CloudWatchApi => bindCommands(new CloudWatchClient(config), COMMANDS);
