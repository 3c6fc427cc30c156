/** ElastiCache's SDK binding: the only module that loads '@aws-sdk/client-elasticache' (imported on first use). */
import { ElastiCacheClient, DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand };

/** The ElastiCache calls Preflight makes, one method per command, for one region's endpoint. */
export type ElastiCacheApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): ElastiCacheApi => bindCommands(new ElastiCacheClient(config), COMMANDS);
