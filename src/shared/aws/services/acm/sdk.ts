/** ACM's SDK binding: the only module that loads '@aws-sdk/client-acm' (imported on first use). */
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { ListCertificatesCommand, DescribeCertificateCommand };

/** The ACM calls Preflight makes, one method per command, for one region's endpoint. */
export type AcmApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): AcmApi => bindCommands(new ACMClient(config), COMMANDS);
