/** EC2's SDK binding: the only module that loads '@aws-sdk/client-ec2' (imported on first use). */
import { EC2Client, DescribeFlowLogsCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeVpcsCommand, DescribeFlowLogsCommand, DescribeSecurityGroupsCommand };

/** The EC2 calls Preflight makes, one method per command, for one region's endpoint. */
export type Ec2Api = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): Ec2Api => bindCommands(new EC2Client(config), COMMANDS);
