import { DescribeFlowLogsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { vpcFlowLogsEnabled as rule } from '../../../src/rules/ec2/vpc-flow-logs-enabled.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { ec2, flowLog, listing, vpc, vpcArn, vpcNotFound } from './ec2.js';

describe('vpc-flow-logs-enabled', () => {
  beforeEach(() => ec2.reset());

  it('passes a VPC with an active flow log', async () => {
    // Prepare
    listing({ vpcs: [vpc('vpc-0prod', 'retainwise-prod')], flowLogs: [flowLog('fl-0prod', 'vpc-0prod')] });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'vpc-0prod': 'PASS: VPC vpc-0prod (retainwise-prod) has 1 active flow log (fl-0prod: ALL traffic to cloud-watch-logs)',
    });
    expect(findings[0]).toMatchObject({
      resourceId: vpcArn('vpc-0prod'),
      resourceType: 'AWS::EC2::VPC',
      region: 'eu-west-1',
      severity: 'MEDIUM',
    });
  });

  it('fails a VPC without flow logs, or whose only flow log is not active, and ignores subnet flow logs', async () => {
    listing({
      vpcs: [vpc('vpc-0legacy', 'retainwise-legacy'), vpc('vpc-0broken'), vpc('vpc-1a2b3c4d', undefined, { IsDefault: true })],
      flowLogs: [
        flowLog('fl-0broken', 'vpc-0broken', { FlowLogStatus: 'INACTIVE' }),
        // A subnet of the default VPC has a flow log: that is not the VPC's.
        flowLog('fl-0subnet', 'subnet-0a1b2c3d'),
      ],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'vpc-0legacy': 'FAIL: VPC vpc-0legacy (retainwise-legacy) has no flow log',
      'vpc-0broken': 'FAIL: VPC vpc-0broken has no active flow log (fl-0broken is INACTIVE)',
      'vpc-1a2b3c4d': 'FAIL: default VPC vpc-1a2b3c4d has no flow log',
    });
    // One listing of the flow logs serves every VPC of the sweep.
    expect(ec2).toHaveReceivedCommandTimes(DescribeFlowLogsCommand, 1);
  });

  it('is ERROR, never "no active flow log", when a flow log of the VPC is listed without its status', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc('vpc-0prod')] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ ...flowLog('fl-0prod', 'vpc-0prod'), FlowLogStatus: undefined }] });

    const { findings } = await runRule(rule);

    expect(Object.values(verdicts(findings))).toEqual([
      'ERROR: DescribeFlowLogs did not say whether flow log fl-0prod of VPC vpc-0prod is active (no FlowLogStatus)',
    ]);
  });

  it('is ERROR, not PASS, for every VPC when DescribeFlowLogs is denied, asking once', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc('vpc-0prod'), vpc('vpc-0legacy')] });
    ec2.on(DescribeFlowLogsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'vpc-0prod': 'ERROR: AccessDenied: User is not authorized to perform this action',
      'vpc-0legacy': 'ERROR: AccessDenied: User is not authorized to perform this action',
    });
    expect(ec2).toHaveReceivedCommandTimes(DescribeFlowLogsCommand, 1);
  });

  it('is one account-level ERROR when the VPCs cannot be listed', async () => {
    ec2.on(DescribeVpcsCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc('vpc-0prod')] });
    ec2.on(DescribeFlowLogsCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'vpc-0prod': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is NOT_APPLICABLE when the region has no VPC', async () => {
    listing({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::EC2::VPC in eu-west-1' });
  });

  it('reads every page of DescribeVpcs and DescribeFlowLogs', async () => {
    ec2
      .on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [vpc('vpc-1'), vpc('vpc-2')], NextToken: 'v1' })
      .resolvesOnce({ Vpcs: [vpc('vpc-3')] });
    ec2
      .on(DescribeFlowLogsCommand)
      .resolvesOnce({ FlowLogs: [flowLog('fl-1', 'vpc-1')], NextToken: 'f1' })
      .resolvesOnce({ FlowLogs: [flowLog('fl-2', 'vpc-2')], NextToken: 'f2' })
      .resolvesOnce({ FlowLogs: [flowLog('fl-3', 'vpc-3')] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['vpc-1 PASS', 'vpc-2 PASS', 'vpc-3 PASS']);
    expect(ec2).toHaveReceivedCommandTimes(DescribeVpcsCommand, 2);
    expect(ec2).toHaveReceivedNthCommandWith(DescribeVpcsCommand, 1, { MaxResults: 1000 });
    expect(ec2).toHaveReceivedNthCommandWith(DescribeVpcsCommand, 2, { MaxResults: 1000, NextToken: 'v1' });
    expect(ec2).toHaveReceivedCommandTimes(DescribeFlowLogsCommand, 3);
    expect(ec2).toHaveReceivedNthCommandWith(DescribeFlowLogsCommand, 2, { NextToken: 'f1' });
    expect(ec2).toHaveReceivedNthCommandWith(DescribeFlowLogsCommand, 3, { NextToken: 'f2' });
  });

  it('re-evaluates one VPC named by an event: that VPC and its own flow logs, no listing', async () => {
    ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-0legacy'] }).resolves({ Vpcs: [vpc('vpc-0legacy', 'retainwise-legacy')] });
    ec2
      .on(DescribeFlowLogsCommand, { Filter: [{ Name: 'resource-id', Values: ['vpc-0legacy'] }] })
      .resolves({ FlowLogs: [flowLog('fl-0legacy', 'vpc-0legacy', { TrafficType: 'REJECT', LogDestinationType: 's3' })] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['vpc-0legacy'] } });

    expect(verdicts(findings)).toEqual({
      'vpc-0legacy': 'PASS: VPC vpc-0legacy (retainwise-legacy) has 1 active flow log (fl-0legacy: REJECT traffic to s3)',
    });
    expect(findings[0]?.resourceId).toBe(vpcArn('vpc-0legacy'));
    expect(ec2).toHaveReceivedCommandTimes(DescribeVpcsCommand, 1);
    expect(ec2).toHaveReceivedCommandTimes(DescribeFlowLogsCommand, 1);
  });

  it('closes the finding (RESOLVED) when the named VPC no longer exists', async () => {
    ec2.on(DescribeVpcsCommand).rejects(vpcNotFound('vpc-0legacy'));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['vpc-0legacy'] } });

    expect(verdicts(findings)).toEqual({ 'vpc-0legacy': 'RESOLVED: vpc-0legacy no longer exists' });
    expect(ec2).not.toHaveReceivedCommand(DescribeFlowLogsCommand);
  });
});
