/** The SDK binding of CloudTrailApi: the only module that loads '@aws-sdk/client-cloudtrail' (imported on first use). */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { CloudTrailApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): CloudTrailApi {
  return awsCloudTrailApi(readable(new CloudTrailClient(config)));
}

export function awsCloudTrailApi(client: CloudTrailClient): CloudTrailApi {
  return {
    describeTrails: (input) => client.send(new DescribeTrailsCommand(input)),
    getTrailStatus: (input) => client.send(new GetTrailStatusCommand(input)),
    getEventSelectors: (input) => client.send(new GetEventSelectorsCommand(input)),
  };
}
