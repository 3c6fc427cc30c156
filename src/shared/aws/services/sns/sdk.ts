/** SNS's SDK binding: the only module that loads '@aws-sdk/client-sns' (imported on first use). */
import { SNSClient, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand };

/** The SNS calls Preflight makes, one method per command, for one region's endpoint. */
export type SnsApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): SnsApi => bindCommands(new SNSClient(config), COMMANDS);
