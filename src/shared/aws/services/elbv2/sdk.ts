/** The SDK binding of Elbv2Api: the only module that loads '@aws-sdk/client-elastic-load-balancing-v2' (imported on first use). */
import { ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { Elbv2Api } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): Elbv2Api {
  return awsElbv2Api(readable(new ElasticLoadBalancingV2Client(config)));
}

export function awsElbv2Api(client: ElasticLoadBalancingV2Client): Elbv2Api {
  return {
    describeLoadBalancers: (input) => client.send(new DescribeLoadBalancersCommand(input)),
  };
}
