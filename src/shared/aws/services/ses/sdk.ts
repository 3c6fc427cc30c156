/** The SDK binding of SesApi: the only module that loads '@aws-sdk/client-sesv2' (imported on first use). */
import { SESv2Client, GetAccountCommand, ListEmailIdentitiesCommand } from '@aws-sdk/client-sesv2';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { SesApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): SesApi {
  return awsSesApi(readable(new SESv2Client(config)));
}

export function awsSesApi(client: SESv2Client): SesApi {
  return {
    getAccount: (input) => client.send(new GetAccountCommand(input)),
    listEmailIdentities: (input) => client.send(new ListEmailIdentitiesCommand(input)),
  };
}
