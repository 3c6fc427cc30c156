/** EC2 (VPCs, flow logs, security groups) of an in-memory account: answers the Ec2Api from plain data, as EC2 would. */
import type { FlowLog, IpPermission, SecurityGroup, Vpc } from '@aws-sdk/client-ec2';
import type { Ec2Api } from '#shared/aws/services/ec2/sdk.js';
import { type MemoryCall, MemoryServiceError, paginate } from './support.js';

export interface MemoryVpc {
  id: string;
  /** The `Name` tag. */
  name?: string;
  /** Default `10.0.0.0/16`. */
  cidrBlock?: string;
  isDefault?: boolean;
}

export interface MemoryFlowLog {
  id: string;
  /** The VPC (or subnet / network interface) captured. */
  resourceId: string;
  /** Default `ACTIVE`. */
  status?: string;
  /** Default `ALL`. */
  trafficType?: 'ACCEPT' | 'REJECT' | 'ALL';
  /** Default `cloud-watch-logs`. */
  destinationType?: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
  /** A log group name (cloud-watch-logs) or an ARN. */
  destination?: string;
}

/** One ingress rule; CIDRs with a `:` are IPv6. */
export interface MemoryIngressRule {
  /** `tcp`, `udp`, `icmp` or `-1` (all traffic). */
  protocol: string;
  /** Omitted for `-1`. */
  fromPort?: number;
  toPort?: number;
  cidrs?: string[];
  prefixListIds?: string[];
  sourceGroupIds?: string[];
}

export interface MemorySecurityGroup {
  id: string;
  name: string;
  description?: string;
  vpcId?: string;
  ingress: MemoryIngressRule[];
}

export interface MemoryEc2State {
  vpcs: MemoryVpc[];
  flowLogs: MemoryFlowLog[];
  securityGroups: MemorySecurityGroup[];
}

export function emptyEc2State(): MemoryEc2State {
  return { vpcs: [], flowLogs: [], securityGroups: [] };
}

// EC2's limits on MaxResults for these three calls; it answers InvalidParameterValue outside them.
const MIN_RESULTS = 5;
const MAX_RESULTS = 1000;

function pageSize(input: { MaxResults?: number }, ids: readonly string[] | undefined, idsName: string): number | undefined {
  if (input.MaxResults === undefined) return undefined;
  if (ids && ids.length > 0) {
    throw new MemoryServiceError('InvalidParameterCombination', `The parameter ${idsName} cannot be used with the parameter maxResults`);
  }
  if (input.MaxResults < MIN_RESULTS || input.MaxResults > MAX_RESULTS) {
    throw new MemoryServiceError('InvalidParameterValue', `MaxResults must be between ${MIN_RESULTS} and ${MAX_RESULTS}`);
  }
  return input.MaxResults;
}

/** The named items, or EC2's `<code>` error for the first missing one. */
function byIds<T extends { id: string }>(items: readonly T[], ids: readonly string[], code: string, label: string): T[] {
  return ids.map((id) => {
    const found = items.find((item) => item.id === id);
    if (!found) throw new MemoryServiceError(code, `The ${label} '${id}' does not exist`);
    return found;
  });
}

/** Without MaxResults EC2 returns everything in one answer. */
function page<T>(items: readonly T[], token: string | undefined, size: number | undefined): { items: T[]; next?: string } {
  return paginate(items, token, size, MAX_RESULTS);
}

export function memoryEc2Api(state: MemoryEc2State, region: string, accountId: string, call: MemoryCall): Ec2Api {
  const toVpc = (v: MemoryVpc): Vpc => ({
    VpcId: v.id,
    OwnerId: accountId,
    State: 'available',
    CidrBlock: v.cidrBlock ?? '10.0.0.0/16',
    IsDefault: v.isDefault ?? false,
    InstanceTenancy: 'default',
    Tags: v.name ? [{ Key: 'Name', Value: v.name }] : undefined,
  });

  const toFlowLog = (f: MemoryFlowLog): FlowLog => {
    const destinationType = f.destinationType ?? 'cloud-watch-logs';
    return {
      FlowLogId: f.id,
      ResourceId: f.resourceId,
      FlowLogStatus: f.status ?? 'ACTIVE',
      DeliverLogsStatus: 'SUCCESS',
      TrafficType: f.trafficType ?? 'ALL',
      LogDestinationType: destinationType,
      LogDestination: destinationType === 'cloud-watch-logs' ? undefined : f.destination,
      LogGroupName: destinationType === 'cloud-watch-logs' ? (f.destination ?? `/vpc/flow-logs/${f.resourceId}`) : undefined,
      MaxAggregationInterval: 600,
    };
  };

  const toPermission = (r: MemoryIngressRule): IpPermission => {
    const cidrs = r.cidrs ?? [];
    return {
      IpProtocol: r.protocol,
      FromPort: r.protocol === '-1' ? undefined : r.fromPort,
      ToPort: r.protocol === '-1' ? undefined : r.toPort,
      IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
      Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
      PrefixListIds: (r.prefixListIds ?? []).map((PrefixListId) => ({ PrefixListId })),
      UserIdGroupPairs: (r.sourceGroupIds ?? []).map((GroupId) => ({ GroupId, UserId: accountId })),
    };
  };

  const toGroup = (g: MemorySecurityGroup): SecurityGroup => ({
    GroupId: g.id,
    GroupName: g.name,
    Description: g.description ?? g.name,
    VpcId: g.vpcId,
    OwnerId: accountId,
    SecurityGroupArn: `arn:aws:ec2:${region}:${accountId}:security-group/${g.id}`,
    IpPermissions: g.ingress.map(toPermission),
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  });

  return {
    describeVpcs: (input) =>
      call('ec2', 'DescribeVpcs', input, () => {
        const size = pageSize(input, input.VpcIds, 'vpcIds');
        const listed = input.VpcIds?.length ? byIds(state.vpcs, input.VpcIds, 'InvalidVpcID.NotFound', 'vpc ID') : state.vpcs;
        const { items, next } = page(listed, input.NextToken, size);
        return { Vpcs: items.map(toVpc), NextToken: next };
      }),
    describeFlowLogs: (input) =>
      call('ec2', 'DescribeFlowLogs', input, () => {
        // Only the `resource-id` filter is modelled; it is the one Preflight sends.
        const wanted = input.Filter?.find((f) => f.Name === 'resource-id')?.Values;
        const listed = wanted ? state.flowLogs.filter((f) => wanted.includes(f.resourceId)) : state.flowLogs;
        const { items, next } = page(listed, input.NextToken, pageSize(input, undefined, ''));
        return { FlowLogs: items.map(toFlowLog), NextToken: next };
      }),
    describeSecurityGroups: (input) =>
      call('ec2', 'DescribeSecurityGroups', input, () => {
        const size = pageSize(input, input.GroupIds, 'groupIds');
        const listed = input.GroupIds?.length ? byIds(state.securityGroups, input.GroupIds, 'InvalidGroup.NotFound', 'security group') : state.securityGroups;
        const { items, next } = page(listed, input.NextToken, size);
        return { SecurityGroups: items.map(toGroup), NextToken: next };
      }),
  };
}
