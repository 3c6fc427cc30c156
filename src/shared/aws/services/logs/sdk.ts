/** CloudWatch Logs's SDK binding: the only module that loads '@aws-sdk/client-cloudwatch-logs' (imported on first use). */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeLogGroupsCommand };

/** The CloudWatch Logs calls Preflight makes, one method per command, for one region's endpoint. */
export type LogsApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): LogsApi => bindCommands(new CloudWatchLogsClient(config), COMMANDS);
