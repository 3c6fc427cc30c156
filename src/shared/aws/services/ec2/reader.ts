/**
 * Everything Preflight knows about calling EC2 (VPCs, flow logs, security groups): the facts reader (the commands it sends are listed in sdk.ts).
 *
 * - A sweep lists each kind once per region (NextToken pagination, the largest page EC2 serves) and
 *   every rule reads from that listing.
 * - A targeted evaluation (a CloudTrail event names one VPC or group) asks for that id alone; EC2's
 *   `*.NotFound` error means the resource is gone, so its finding closes.
 * sdk.ts imports only the three Command classes used: the EC2 client is the largest in the SDK.
 */
import type {
  FlowLog,
  IpPermission,
  SecurityGroup,
  Tag,
  Vpc,
  DescribeFlowLogsResult,
  DescribeSecurityGroupsResult,
  DescribeVpcsResult,
} from '@aws-sdk/client-ec2';
import type { Ec2Api } from './sdk.js';
import { ServiceReader, page } from '../../reader-base.js';

export interface VpcFacts {
  id: string;
  /** The `Name` tag, when set. */
  name?: string;
  isDefault: boolean;
  cidrBlock?: string;
  state?: string;
}

export interface FlowLogFacts {
  id: string;
  /** The VPC, subnet or network interface the flow log captures. */
  resourceId: string;
  /** `ACTIVE` for a working flow log. */
  /** ACTIVE...; undefined when DescribeFlowLogs did not say. */
  status?: string;
  trafficType?: string;
  destinationType?: string;
  destination?: string;
  deliverStatus?: string;
  deliverError?: string;
}

/** One ingress permission: a protocol, a port range and the sources it admits. */
export interface IngressPermission {
  /** `tcp`, `udp`, `icmp`, `-1` (all traffic) or a protocol number. */
  protocol: string;
  /** Absent (or -1) when the protocol has no ports or the permission covers all of them. */
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: readonly string[];
  ipv6Ranges: readonly string[];
  prefixListIds: readonly string[];
  sourceGroupIds: readonly string[];
}

export interface SecurityGroupFacts {
  id: string;
  name: string;
  vpcId?: string;
  ingress: readonly IngressPermission[];
}

/** The largest page DescribeVpcs / DescribeFlowLogs / DescribeSecurityGroups serve. */
const PAGE_SIZE = 1000;
const VPC_NOT_FOUND = new Set(['InvalidVpcID.NotFound']);
const GROUP_NOT_FOUND = new Set(['InvalidGroup.NotFound']);

/** The answers of the three calls, as pages of facts. */
const vpcPage = (out: DescribeVpcsResult) => page(out.Vpcs, vpcFacts, out.NextToken);
const flowLogPage = (out: DescribeFlowLogsResult) => page(out.FlowLogs, flowLogFacts, out.NextToken);
const groupPage = (out: DescribeSecurityGroupsResult) => page(out.SecurityGroups, groupFacts, out.NextToken);

function nameTag(tags: readonly Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value || undefined;
}

function vpcFacts(vpc: Vpc): VpcFacts | undefined {
  if (!vpc.VpcId) return undefined;
  return { id: vpc.VpcId, name: nameTag(vpc.Tags), isDefault: vpc.IsDefault === true, cidrBlock: vpc.CidrBlock, state: vpc.State };
}

function flowLogFacts(log: FlowLog): FlowLogFacts | undefined {
  if (!log.FlowLogId || !log.ResourceId) return undefined;
  return {
    id: log.FlowLogId,
    resourceId: log.ResourceId,
    status: log.FlowLogStatus || undefined,
    trafficType: log.TrafficType,
    destinationType: log.LogDestinationType,
    destination: log.LogDestination ?? log.LogGroupName,
    deliverStatus: log.DeliverLogsStatus,
    deliverError: log.DeliverLogsErrorMessage,
  };
}

function permissionFacts(p: IpPermission): IngressPermission {
  return {
    protocol: p.IpProtocol ?? '-1',
    fromPort: p.FromPort,
    toPort: p.ToPort,
    ipv4Ranges: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Ranges: (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((r) => (r.PrefixListId ? [r.PrefixListId] : [])),
    sourceGroupIds: (p.UserIdGroupPairs ?? []).flatMap((r) => (r.GroupId ? [r.GroupId] : [])),
  };
}

function groupFacts(group: SecurityGroup): SecurityGroupFacts | undefined {
  if (!group.GroupId) return undefined;
  return {
    id: group.GroupId,
    name: group.GroupName ?? group.GroupId,
    vpcId: group.VpcId,
    ingress: (group.IpPermissions ?? []).map(permissionFacts),
  };
}

export class Ec2Reader extends ServiceReader<Ec2Api> {
  protected readonly service = 'ec2';

  /** Every VPC of the region, all pages. */
  vpcs(): Promise<readonly VpcFacts[]> {
    return this.listing('vpcs', 'DescribeVpcs', async (api, NextToken) => vpcPage(await api.describeVpcs({ MaxResults: PAGE_SIZE, NextToken })));
  }

  /** One VPC: from the sweep's listing, else DescribeVpcs for that id alone. */
  vpc(id: string): Promise<VpcFacts> {
    return this.one(id, 'vpcs', VPC_NOT_FOUND, 'DescribeVpcs', async (api) => vpcPage(await api.describeVpcs({ VpcIds: [id] })));
  }

  /** Every flow log of the region (VPC, subnet and network-interface ones), all pages. */
  flowLogs(): Promise<readonly FlowLogFacts[]> {
    return this.listing('flowlogs', 'DescribeFlowLogs', async (api, NextToken) =>
      flowLogPage(await api.describeFlowLogs({ MaxResults: PAGE_SIZE, NextToken })),
    );
  }

  /**
   * The flow logs attached to one resource. A sweep (VPCs listed) reads one listing of every flow
   * log of the region; a targeted evaluation asks DescribeFlowLogs for that resource id only.
   */
  flowLogsOf(resourceId: string): Promise<readonly FlowLogFacts[]> {
    return this.fact(`flowlogs:${resourceId}`, async () => {
      if (this.known('vpcs') || this.known('flowlogs')) {
        return (await this.flowLogs()).filter((log) => log.resourceId === resourceId);
      }
      const Filter = [{ Name: 'resource-id', Values: [resourceId] }];
      return this.allPages('DescribeFlowLogs', async (api, NextToken) => flowLogPage(await api.describeFlowLogs({ Filter, MaxResults: PAGE_SIZE, NextToken })));
    });
  }

  /** Every security group of the region, all pages. */
  securityGroups(): Promise<readonly SecurityGroupFacts[]> {
    return this.listing('groups', 'DescribeSecurityGroups', async (api, NextToken) =>
      groupPage(await api.describeSecurityGroups({ MaxResults: PAGE_SIZE, NextToken })),
    );
  }

  /** One security group: from the sweep's listing, else DescribeSecurityGroups by id (MaxResults is refused with GroupIds). */
  securityGroup(id: string): Promise<SecurityGroupFacts> {
    return this.one(id, 'groups', GROUP_NOT_FOUND, 'DescribeSecurityGroups', async (api) => groupPage(await api.describeSecurityGroups({ GroupIds: [id] })));
  }
}
