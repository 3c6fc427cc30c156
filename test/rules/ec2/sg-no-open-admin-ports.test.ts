import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { ec2SgNoOpenAdminPorts as rule } from '../../../src/rules/ec2/sg-no-open-admin-ports.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { ec2, group, groupArn, groupNotFound, permission } from './ec2.js';

function groups(...list: ReturnType<typeof group>[]) {
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: list });
}

describe('ec2-sg-no-open-admin-ports', () => {
  beforeEach(() => ec2.reset());

  it('passes groups that open only web ports to the world, or admin ports to known sources', async () => {
    // Prepare
    groups(
      group('sg-0web', 'web', [permission('tcp', 443, 443, ['0.0.0.0/0', '::/0']), permission('tcp', 80, 80, ['0.0.0.0/0'])]),
      group('sg-0app', 'app', [
        permission('tcp', 22, 22, ['10.20.0.0/16']),
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-0bastion', UserId: ACCOUNT }] },
        permission('tcp', 1000, 2000, ['0.0.0.0/0']),
      ]),
    );
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'sg-0web': 'PASS: security group web (sg-0web) admits nothing from 0.0.0.0/0 or ::/0 on ports 22, 3389',
      'sg-0app': 'PASS: security group app (sg-0app) admits nothing from 0.0.0.0/0 or ::/0 on ports 22, 3389',
    });
    expect(findings.find((f) => f.resourceName === 'sg-0web')).toMatchObject({
      resourceId: groupArn('sg-0web'),
      resourceType: 'AWS::EC2::SecurityGroup',
      severity: 'HIGH',
    });
  });

  it('fails SSH open to 0.0.0.0/0, naming the group and the rule', async () => {
    groups(group('sg-0bastion', 'bastion', [permission('tcp', 22, 22, ['0.0.0.0/0'])]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'sg-0bastion': 'FAIL: security group bastion (sg-0bastion) is open to the internet on port 22: 0.0.0.0/0 on tcp 22',
    });
    expect(findings[0]?.evidence).toEqual({
      ports: [22, 3389],
      vpcId: 'vpc-0prod',
      openRules: [{ cidr: '0.0.0.0/0', protocol: 'tcp', fromPort: 22, toPort: 22, ports: [22] }],
    });
  });

  it('fails all traffic (-1) from ::/0: IPv6 counts, and -1 covers every admin port', async () => {
    groups(group('sg-0alltrafficv6', 'all-traffic-v6', [permission('-1', undefined, undefined, ['::/0'])]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'sg-0alltrafficv6': 'FAIL: security group all-traffic-v6 (sg-0alltrafficv6) is open to the internet on ports 22, 3389: ::/0 on all traffic',
    });
  });

  it('fails port ranges that cover an admin port, UDP 3389 (RDP) and protocol numbers, but not ICMP', async () => {
    groups(
      group('sg-0wide', 'wide', [permission('tcp', 0, 65535, ['0.0.0.0/0'])]),
      group('sg-0range', 'range', [permission('tcp', 20, 25, ['::/0'])]),
      group('sg-0rdp', 'rdp-udp', [permission('udp', 3389, 3389, ['0.0.0.0/0'])]),
      group('sg-0number', 'number', [permission('6', 22, 22, ['0.0.0.0/0'])]),
      group('sg-0icmp', 'icmp', [permission('icmp', -1, -1, ['0.0.0.0/0'])]),
    );

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'sg-0wide': 'FAIL: security group wide (sg-0wide) is open to the internet on ports 22, 3389: 0.0.0.0/0 on tcp 0-65535',
      'sg-0range': 'FAIL: security group range (sg-0range) is open to the internet on port 22: ::/0 on tcp 20-25',
      'sg-0rdp': 'FAIL: security group rdp-udp (sg-0rdp) is open to the internet on port 3389: 0.0.0.0/0 on udp 3389',
      'sg-0number': 'FAIL: security group number (sg-0number) is open to the internet on port 22: 0.0.0.0/0 on tcp 22',
      'sg-0icmp': 'PASS: security group icmp (sg-0icmp) admits nothing from 0.0.0.0/0 or ::/0 on ports 22, 3389',
    });
  });

  it('lists every offending rule of a group', async () => {
    groups(group('sg-0mixed', 'mixed', [permission('tcp', 22, 22, ['0.0.0.0/0', '::/0']), permission('tcp', 3389, 3389, ['0.0.0.0/0'])]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'sg-0mixed':
        'FAIL: security group mixed (sg-0mixed) is open to the internet on ports 22, 3389: 0.0.0.0/0 on tcp 22; ::/0 on tcp 22; 0.0.0.0/0 on tcp 3389',
    });
  });

  it('checks the ports the params name instead of 22 and 3389', async () => {
    groups(group('sg-0db', 'database', [permission('tcp', 5432, 5432, ['0.0.0.0/0']), permission('tcp', 22, 22, ['0.0.0.0/0'])]));

    const { findings } = await runRule(rule, { params: { ports: [5432] } });

    expect(verdicts(findings)).toEqual({
      'sg-0db': 'FAIL: security group database (sg-0db) is open to the internet on port 5432: 0.0.0.0/0 on tcp 5432',
    });
    expect(() => rule.bind({ ports: [70000] })).toThrow(/ports/);
    expect(() => rule.bind({ ports: [] })).toThrow(/ports/);
  });

  it('is one account-level ERROR when the groups cannot be listed', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR, not PASS, when a targeted DescribeSecurityGroups is denied or throttled', async () => {
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0denied'] }).rejects(accessDenied());
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0busy'] }).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['sg-0denied', 'sg-0busy'] } });

    expect(verdicts(findings)).toEqual({
      'sg-0denied': 'ERROR: AccessDenied: User is not authorized to perform this action',
      'sg-0busy': 'ERROR: ThrottlingException: Rate exceeded',
    });
  });

  it('is NOT_APPLICABLE when the region has no security group', async () => {
    groups();

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::EC2::SecurityGroup in eu-west-1' });
  });

  it('reads every page of DescribeSecurityGroups', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [group('sg-1', 'one'), group('sg-2', 'two')], NextToken: 'g1' })
      .resolvesOnce({ SecurityGroups: [group('sg-3', 'three')], NextToken: 'g2' })
      .resolvesOnce({ SecurityGroups: [group('sg-4', 'four', [permission('tcp', 22, 22, ['0.0.0.0/0'])])] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['sg-1 PASS', 'sg-2 PASS', 'sg-3 PASS', 'sg-4 FAIL']);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 3);
    expect(ec2).toHaveReceivedNthCommandWith(DescribeSecurityGroupsCommand, 1, { MaxResults: 1000 });
    expect(ec2).toHaveReceivedNthCommandWith(DescribeSecurityGroupsCommand, 2, { MaxResults: 1000, NextToken: 'g1' });
    expect(ec2).toHaveReceivedNthCommandWith(DescribeSecurityGroupsCommand, 3, { MaxResults: 1000, NextToken: 'g2' });
  });

  it('re-evaluates one group named by an event, by id and without MaxResults (EC2 refuses both together)', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0bastion'] })
      .resolves({ SecurityGroups: [group('sg-0bastion', 'bastion', [permission('tcp', 22, 22, ['0.0.0.0/0'])])] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['sg-0bastion'] } });

    expect(findings).toMatchObject([{ resourceName: 'sg-0bastion', resourceId: groupArn('sg-0bastion'), status: 'FAIL' }]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
    const input = ec2.commandCalls(DescribeSecurityGroupsCommand)[0]?.args[0].input;
    expect(input).toEqual({ GroupIds: ['sg-0bastion'] });
  });

  it('closes the finding (RESOLVED) when the named group no longer exists', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(groupNotFound('sg-0alltrafficv6'));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['sg-0alltrafficv6'] } });

    expect(verdicts(findings)).toEqual({ 'sg-0alltrafficv6': 'RESOLVED: sg-0alltrafficv6 no longer exists' });
  });
});
