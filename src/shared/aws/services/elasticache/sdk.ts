/** The SDK binding of ElastiCacheApi: the only module that loads '@aws-sdk/client-elasticache' (imported on first use). */
import { ElastiCacheClient, DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { ElastiCacheApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): ElastiCacheApi {
  return awsElastiCacheApi(readable(new ElastiCacheClient(config)));
}

export function awsElastiCacheApi(client: ElastiCacheClient): ElastiCacheApi {
  return {
    describeCacheClusters: (input) => client.send(new DescribeCacheClustersCommand(input)),
    describeReplicationGroups: (input) => client.send(new DescribeReplicationGroupsCommand(input)),
  };
}
