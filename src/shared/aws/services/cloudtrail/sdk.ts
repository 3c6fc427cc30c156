/** CloudTrail's SDK binding: the only module that loads '@aws-sdk/client-cloudtrail' (imported on first use). */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { DescribeTrailsCommand, GetTrailStatusCommand, GetEventSelectorsCommand };

/** The CloudTrail calls Preflight makes, one method per command (`describeTrails`...), for one region's endpoint. */
export type CloudTrailApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): CloudTrailApi => bindCommands(new CloudTrailClient(config), COMMANDS);
