/** The SDK binding of Wafv2Api: the only module that loads '@aws-sdk/client-wafv2' (imported on first use). */
import { WAFV2Client, GetWebACLForResourceCommand } from '@aws-sdk/client-wafv2';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { Wafv2Api } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): Wafv2Api {
  return awsWafv2Api(readable(new WAFV2Client(config)));
}

export function awsWafv2Api(client: WAFV2Client): Wafv2Api {
  return {
    getWebACLForResource: (input) => client.send(new GetWebACLForResourceCommand(input)),
  };
}
