/** Wafv2's SDK binding: the only module that loads '@aws-sdk/client-wafv2' (imported on first use). */
import { WAFV2Client, GetWebACLForResourceCommand } from '@aws-sdk/client-wafv2';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { GetWebACLForResourceCommand };

/** The Wafv2 calls Preflight makes, one method per command, for one region's endpoint. */
export type Wafv2Api = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): Wafv2Api => bindCommands(new WAFV2Client(config), COMMANDS);
