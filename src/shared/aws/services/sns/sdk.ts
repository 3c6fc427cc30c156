/** The SDK binding of SnsApi: the only module that loads '@aws-sdk/client-sns' (imported on first use). */
import { SNSClient, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { SnsApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): SnsApi {
  return awsSnsApi(readable(new SNSClient(config)));
}

export function awsSnsApi(client: SNSClient): SnsApi {
  return {
    getTopicAttributes: (input) => client.send(new GetTopicAttributesCommand(input)),
    listSubscriptionsByTopic: (input) => client.send(new ListSubscriptionsByTopicCommand(input)),
  };
}
