/** Mirrors VPCs, flow logs and security groups of an in-memory account into moto (which names them itself). */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DeleteInternetGatewayCommand,
  DetachInternetGatewayCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { MemoryIngressRule } from '../../../src/cli/demo/memory-account/ec2.js';
import { type MirrorContext, regional } from './context.js';

/**
 * Removes the default VPC moto (like AWS) gives every region, with its subnets and internet gateway:
 * the in-memory account lists only the VPCs it was given.
 */
export async function deleteDefaultVpc(ec2: EC2Client): Promise<void> {
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  for (const vpc of Vpcs) {
    const VpcId = vpc.VpcId;
    const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [VpcId ?? ''] }] }));
    for (const subnet of Subnets) await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId }));
    const { InternetGateways = [] } = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [VpcId ?? ''] }] }));
    for (const gateway of InternetGateways) {
      await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gateway.InternetGatewayId, VpcId }));
      await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gateway.InternetGatewayId }));
    }
    await ec2.send(new DeleteVpcCommand({ VpcId }));
  }
}

function permission(rule: MemoryIngressRule, ids: Map<string, string>): IpPermission {
  const cidrs = rule.cidrs ?? [];
  const all = rule.protocol === '-1';
  return {
    IpProtocol: rule.protocol,
    ...(all ? {} : { FromPort: rule.fromPort, ToPort: rule.toPort }),
    IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: (rule.prefixListIds ?? []).map((PrefixListId) => ({ PrefixListId })),
    UserIdGroupPairs: (rule.sourceGroupIds ?? []).map((id) => ({ GroupId: ids.get(id) ?? id })),
  };
}

export async function mirrorNetwork(context: MirrorContext, region: string): Promise<void> {
  const { ec2 } = context.clients(region);
  const state = regional(context, region)?.ec2;
  for (const vpc of state?.vpcs ?? []) {
    const created = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: vpc.cidrBlock ?? '10.0.0.0/16',
        ...(vpc.name ? { TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: vpc.name }] }] } : {}),
      }),
    );
    context.ids.set(vpc.id, created.Vpc?.VpcId ?? '');
  }
  for (const flowLog of state?.flowLogs ?? []) {
    const destinationType = flowLog.destinationType ?? 'cloud-watch-logs';
    const created = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [context.ids.get(flowLog.resourceId) ?? flowLog.resourceId],
        ResourceType: 'VPC',
        TrafficType: flowLog.trafficType ?? 'ALL',
        LogDestinationType: destinationType,
        ...(destinationType === 'cloud-watch-logs'
          ? {
              LogGroupName: flowLog.destination ?? `/vpc/flow-logs/${flowLog.resourceId}`,
              DeliverLogsPermissionArn: `arn:aws:iam::${context.account.accountId}:role/flow-logs`,
            }
          : { LogDestination: flowLog.destination }),
      }),
    );
    const id = created.FlowLogIds?.[0];
    if (id) context.ids.set(flowLog.id, id);
    if (flowLog.status && flowLog.status !== 'ACTIVE') context.approximations.push(`ec2: flow log ${flowLog.id} is ${flowLog.status} (moto makes it ACTIVE)`);
  }
  // Every group first: ingress rules may name groups created after them.
  for (const group of state?.securityGroups ?? []) {
    const vpcId = group.vpcId ? context.ids.get(group.vpcId) : undefined;
    const created = await ec2.send(new CreateSecurityGroupCommand({ GroupName: group.name, Description: group.description ?? group.name, VpcId: vpcId }));
    context.ids.set(group.id, created.GroupId ?? '');
  }
  for (const group of state?.securityGroups ?? []) {
    if (group.ingress.length === 0) continue;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: context.ids.get(group.id), IpPermissions: group.ingress.map((r) => permission(r, context.ids)) }),
    );
  }
}

/**
 * Security groups AWS (and moto) create by themselves: each VPC's `default` group, and the
 * `default_elb_*` group of a classic load balancer created without one. The in-memory account lists
 * only the groups it was given.
 */
export async function implicitSecurityGroups(context: MirrorContext, region: string): Promise<string[]> {
  const mirrored = new Set(context.ids.values());
  const { SecurityGroups = [] } = await context.clients(region).ec2.send(new DescribeSecurityGroupsCommand({}));
  return SecurityGroups.map((g) => g.GroupId ?? '').filter((id) => id && !mirrored.has(id));
}

/** Two subnets in two zones of a VPC moto already has (a load balancer needs them), or of a new one. */
export function subnetsFor(context: MirrorContext, region: string): Promise<string[]> {
  let subnets = context.subnets.get(region);
  if (!subnets) {
    subnets = createSubnets(context, region);
    context.subnets.set(region, subnets);
  }
  return subnets;
}

async function createSubnets(context: MirrorContext, region: string): Promise<string[]> {
  const { ec2 } = context.clients(region);
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
  let vpc = Vpcs[0];
  if (!vpc) {
    vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.250.0.0/16' }))).Vpc;
    context.approximations.push(`ec2: a VPC was added in ${region} to hold the load balancers`);
  }
  const base = (vpc?.CidrBlock ?? '10.0.0.0/16').split('.').slice(0, 2).join('.');
  const subnets: string[] = [];
  for (const [i, zone] of ['a', 'b'].entries()) {
    const created = await ec2.send(new CreateSubnetCommand({ VpcId: vpc?.VpcId, CidrBlock: `${base}.${240 + i}.0/24`, AvailabilityZone: `${region}${zone}` }));
    subnets.push(created.Subnet?.SubnetId ?? '');
  }
  return subnets;
}
