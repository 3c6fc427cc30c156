import { describe, expect, it } from 'vitest';
import { applyEc2Sample } from '../../../../src/cli/demo/sample/ec2.js';
import { ec2Rules } from '../../../../src/rules/ec2/index.js';
import { Ec2Reader } from '#shared/aws/services/ec2/reader.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyEc2State, memoryEc2Api, type MemoryEc2State } from '../../../../src/cli/demo/memory-account/ec2.js';
import { emptyAccount, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

function state(extra: Partial<MemoryEc2State>): MemoryEc2State {
  return { ...emptyEc2State(), ...extra };
}

describe('memory EC2', () => {
  it('answers the SDK shapes of VPCs, flow logs and security groups', async () => {
    // Prepare
    const api = memoryEc2Api(
      state({
        vpcs: [{ id: 'vpc-0prod', name: 'prod' }],
        flowLogs: [{ id: 'fl-0prod', resourceId: 'vpc-0prod' }],
        securityGroups: [
          { id: 'sg-0web', name: 'web', vpcId: 'vpc-0prod', ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0', '::/0'] }] },
        ],
      }),
      'eu-west-1',
      ACCOUNT,
      direct,
    );
    // Act
    const [vpcs, logs, groups] = await Promise.all([api.describeVpcs({}), api.describeFlowLogs({}), api.describeSecurityGroups({})]);
    // Assess
    expect(vpcs.Vpcs).toEqual([expect.objectContaining({ VpcId: 'vpc-0prod', IsDefault: false, Tags: [{ Key: 'Name', Value: 'prod' }] })]);
    expect(logs.FlowLogs).toEqual([
      expect.objectContaining({
        FlowLogId: 'fl-0prod',
        ResourceId: 'vpc-0prod',
        FlowLogStatus: 'ACTIVE',
        TrafficType: 'ALL',
        LogGroupName: '/vpc/flow-logs/vpc-0prod',
      }),
    ]);
    expect(groups.SecurityGroups?.[0]).toMatchObject({
      GroupId: 'sg-0web',
      SecurityGroupArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0web`,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    });
  });

  it('pages with NextToken, and refuses what EC2 refuses', async () => {
    const groups = Array.from({ length: 12 }, (_, i) => ({ id: `sg-${i}`, name: `g${i}`, ingress: [] }));
    const api = memoryEc2Api(state({ securityGroups: groups }), 'eu-west-1', ACCOUNT, direct);

    const first = await api.describeSecurityGroups({ MaxResults: 5 });
    const second = await api.describeSecurityGroups({ MaxResults: 5, NextToken: first.NextToken });
    const third = await api.describeSecurityGroups({ MaxResults: 5, NextToken: second.NextToken });

    expect([first, second, third].map((p) => p.SecurityGroups?.length)).toEqual([5, 5, 2]);
    expect(third.NextToken).toBeUndefined();
    await expect(api.describeSecurityGroups({ MaxResults: 2 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(api.describeSecurityGroups({ MaxResults: 5, GroupIds: ['sg-1'] })).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
  });

  it('finds resources by id, or fails with the error code EC2 uses', async () => {
    const api = memoryEc2Api(
      state({
        vpcs: [{ id: 'vpc-a' }],
        flowLogs: [
          { id: 'fl-a', resourceId: 'vpc-a' },
          { id: 'fl-b', resourceId: 'vpc-b' },
        ],
      }),
      'eu-west-1',
      ACCOUNT,
      direct,
    );

    const logs = await api.describeFlowLogs({ Filter: [{ Name: 'resource-id', Values: ['vpc-b'] }] });

    expect(logs.FlowLogs?.map((f) => f.FlowLogId)).toEqual(['fl-b']);
    await expect(api.describeVpcs({ VpcIds: ['vpc-gone'] })).rejects.toMatchObject({ name: 'InvalidVpcID.NotFound' });
    await expect(api.describeSecurityGroups({ GroupIds: ['sg-gone'] })).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });

  it('serves the reader: every page, and a missing group as ResourceNotFoundError', async () => {
    const calls: string[] = [];
    const counting: MemoryCall = async (_service, operation, _input, answer) => {
      calls.push(operation);
      return answer();
    };
    const vpcs = Array.from({ length: 1500 }, (_, i) => ({ id: `vpc-${i}` }));
    const api = memoryEc2Api(state({ vpcs }), 'eu-west-1', ACCOUNT, counting);
    const reader = new Ec2Reader({ api: () => api, session: new ScanSession(), region: 'eu-west-1', accountId: ACCOUNT });

    expect(await reader.vpcs()).toHaveLength(1500);
    expect(calls).toEqual(['DescribeVpcs', 'DescribeVpcs']);
    await expect(reader.securityGroup('sg-gone')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 'sg-gone' });
  });

  it('gives the demo sample its verdicts from one listing of each kind', async () => {
    const account = emptyAccount(ACCOUNT);
    applyEc2Sample(account);
    const calls: string[] = [];

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: ec2Rules.map((r) => r.bind()),
      apis: memoryApiProvider(account, { onCall: (c) => calls.push(c.operation) }),
    });

    expect(findings.map((f) => `${f.ruleId} ${f.resourceName} ${f.status}: ${f.reason}`)).toEqual([
      'ec2-sg-no-open-admin-ports sg-0alltrafficv6 FAIL: security group all-traffic-v6 (sg-0alltrafficv6) is open to the internet on ports 22, 3389: ::/0 on all traffic',
      'ec2-sg-no-open-admin-ports sg-0app PASS: security group app (sg-0app) admits nothing from 0.0.0.0/0 or ::/0 on ports 22, 3389',
      'ec2-sg-no-open-admin-ports sg-0bastion FAIL: security group bastion (sg-0bastion) is open to the internet on port 22: 0.0.0.0/0 on tcp 22',
      'ec2-sg-no-open-admin-ports sg-0web PASS: security group web (sg-0web) admits nothing from 0.0.0.0/0 or ::/0 on ports 22, 3389',
      'vpc-flow-logs-enabled vpc-0legacy FAIL: VPC vpc-0legacy (retainwise-legacy) has no flow log',
      'vpc-flow-logs-enabled vpc-0prod PASS: VPC vpc-0prod (retainwise-prod) has 1 active flow log (fl-0prod: ALL traffic to cloud-watch-logs)',
    ]);
    expect(calls.sort()).toEqual(['DescribeFlowLogs', 'DescribeSecurityGroups', 'DescribeVpcs']);
  });
});
