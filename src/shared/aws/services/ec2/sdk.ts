/** The SDK binding of Ec2Api: the only module that loads '@aws-sdk/client-ec2' (imported on first use). */
import { EC2Client, DescribeFlowLogsCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { Ec2Api } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): Ec2Api {
  return awsEc2Api(readable(new EC2Client(config)));
}

export function awsEc2Api(client: EC2Client): Ec2Api {
  return {
    describeVpcs: (input) => client.send(new DescribeVpcsCommand(input)),
    describeFlowLogs: (input) => client.send(new DescribeFlowLogsCommand(input)),
    describeSecurityGroups: (input) => client.send(new DescribeSecurityGroupsCommand(input)),
  };
}
