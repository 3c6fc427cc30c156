/** The SDK binding of CloudWatchApi: the only module that loads '@aws-sdk/client-cloudwatch' (imported on first use). */
import { CloudWatchClient, DescribeAlarmsCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { CloudWatchApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): CloudWatchApi {
  return awsCloudWatchApi(readable(new CloudWatchClient(config)));
}

export function awsCloudWatchApi(client: CloudWatchClient): CloudWatchApi {
  return {
    describeAlarms: (input) => client.send(new DescribeAlarmsCommand(input)),
    listDashboards: (input) => client.send(new ListDashboardsCommand(input)),
  };
}
