/** Ses's SDK binding: the only module that loads '@aws-sdk/client-sesv2' (imported on first use). */
import { SESv2Client, GetAccountCommand, ListEmailIdentitiesCommand } from '@aws-sdk/client-sesv2';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { GetAccountCommand, ListEmailIdentitiesCommand };

/** The Ses calls Preflight makes, one method per command, for one region's endpoint. */
export type SesApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): SesApi => bindCommands(new SESv2Client(config), COMMANDS);
