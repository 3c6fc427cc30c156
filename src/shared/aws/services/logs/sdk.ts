/** The SDK binding of LogsApi: the only module that loads '@aws-sdk/client-cloudwatch-logs' (imported on first use). */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { LogsApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): LogsApi {
  return awsLogsApi(readable(new CloudWatchLogsClient(config)));
}

export function awsLogsApi(client: CloudWatchLogsClient): LogsApi {
  return {
    describeLogGroups: (input) => client.send(new DescribeLogGroupsCommand(input)),
  };
}
