/** SDK-shaped EC2 responses for the rule tests, and the mocked client they share. */
import {
  DescribeFlowLogsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type FlowLog,
  type IpPermission,
  type SecurityGroup,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, awsError, REGION } from '../../helpers/aws.js';

export const ec2 = mockClient(EC2Client);

export const vpcArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${id}`;
export const groupArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`;

export function vpc(id: string, name?: string, overrides: Partial<Vpc> = {}): Vpc {
  return {
    VpcId: id,
    OwnerId: ACCOUNT,
    State: 'available',
    CidrBlock: '10.0.0.0/16',
    IsDefault: false,
    Tags: name ? [{ Key: 'Name', Value: name }] : undefined,
    ...overrides,
  };
}

export function flowLog(id: string, resourceId: string, overrides: Partial<FlowLog> = {}): FlowLog {
  return {
    FlowLogId: id,
    ResourceId: resourceId,
    FlowLogStatus: 'ACTIVE',
    DeliverLogsStatus: 'SUCCESS',
    TrafficType: 'ALL',
    LogDestinationType: 'cloud-watch-logs',
    LogGroupName: `/vpc/flow-logs/${resourceId}`,
    ...overrides,
  };
}

/** An ingress permission: `tcp 22 from 0.0.0.0/0` is `permission('tcp', 22, 22, ['0.0.0.0/0'])`; CIDRs with `:` are IPv6. */
export function permission(protocol: string, from: number | undefined, to: number | undefined, cidrs: string[]): IpPermission {
  return {
    IpProtocol: protocol,
    FromPort: from,
    ToPort: to,
    IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
}

export function group(id: string, name: string, ingress: IpPermission[] = []): SecurityGroup {
  return {
    GroupId: id,
    GroupName: name,
    Description: name,
    VpcId: 'vpc-0prod',
    OwnerId: ACCOUNT,
    SecurityGroupArn: groupArn(id),
    IpPermissions: ingress,
    IpPermissionsEgress: [permission('-1', undefined, undefined, ['0.0.0.0/0'])],
  };
}

/** Mocks the three listings (one page each). */
export function listing({ vpcs = [], flowLogs = [], groups = [] }: { vpcs?: Vpc[]; flowLogs?: FlowLog[]; groups?: SecurityGroup[] }): void {
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: vpcs });
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: flowLogs });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: groups });
}

export const vpcNotFound = (id: string) => awsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
export const groupNotFound = (id: string) => awsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
