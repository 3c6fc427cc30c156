/** The SDK binding of RdsApi: the only module that loads '@aws-sdk/client-rds' (imported on first use). */
import {
  RDSClient,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
} from '@aws-sdk/client-rds';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { RdsApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): RdsApi {
  return awsRdsApi(readable(new RDSClient(config)));
}

export function awsRdsApi(client: RDSClient): RdsApi {
  return {
    describeDBInstances: (input) => client.send(new DescribeDBInstancesCommand(input)),
    describeDBClusters: (input) => client.send(new DescribeDBClustersCommand(input)),
    describeDBSnapshots: (input) => client.send(new DescribeDBSnapshotsCommand(input)),
    describeDBClusterSnapshots: (input) => client.send(new DescribeDBClusterSnapshotsCommand(input)),
  };
}
