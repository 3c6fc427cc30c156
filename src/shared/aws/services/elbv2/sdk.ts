/** Elbv2's SDK binding: the only module that loads '@aws-sdk/client-elastic-load-balancing-v2' (imported on first use). */
import { ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeLoadBalancersCommand };

/** The Elbv2 calls Preflight makes, one method per command, for one region's endpoint. */
export type Elbv2Api = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): Elbv2Api => bindCommands(new ElasticLoadBalancingV2Client(config), COMMANDS);
