/** RDS's SDK binding: the only module that loads '@aws-sdk/client-rds' (imported on first use). */
import {
  RDSClient,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
} from '@aws-sdk/client-rds';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeDBInstancesCommand, DescribeDBClustersCommand, DescribeDBSnapshotsCommand, DescribeDBClusterSnapshotsCommand };

/** The RDS calls Preflight makes, one method per command, for one region's endpoint. */
export type RdsApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): RdsApi => bindCommands(new RDSClient(config), COMMANDS);
