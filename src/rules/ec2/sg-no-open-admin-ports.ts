import * as z from 'zod';
import type { IngressPermission } from '#shared/aws/services/ec2/reader.js';
import { defineRule, fail, pass } from '../define-rule.js';
import { EC2_EVENT_SOURCE, securityGroupFromEvent } from './support.js';

const params = z
  .object({
    /** Remote administration ports that must never be open to the whole internet (SSH, RDP). */
    ports: z.array(z.number().int().min(0).max(65535)).min(1).default([22, 3389]),
  })
  .strict();

/** One source CIDR of one permission that opens admin ports to the world. */
interface OpenRule {
  cidr: string;
  protocol: string;
  fromPort: number | null;
  toPort: number | null;
  ports: number[];
}

/**
 * Protocols that reach a port: TCP, UDP (RDP also listens on UDP 3389, and CIS 5.2 / Config
 * vpc-sg-port-restriction-check count UDP too) and `-1`, all traffic. EC2 reports names, but a
 * permission created with a protocol number keeps it.
 */
const PORT_PROTOCOLS: Readonly<Record<string, string>> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp' };

/** The whole IPv4 or IPv6 address space: 0.0.0.0/0, ::/0 (any CIDR of prefix length 0). */
function isWorld(cidr: string): boolean {
  return /\/0$/.test(cidr.trim());
}

/** Which of `ports` a permission reaches; a missing or -1 port range means every port. */
function portsReached(permission: IngressPermission, ports: readonly number[]): number[] {
  if (permission.protocol === '-1') return [...ports];
  if (!PORT_PROTOCOLS[permission.protocol.toLowerCase()]) return [];
  const from = permission.fromPort ?? -1;
  const to = permission.toPort ?? -1;
  if (from === -1 && to === -1) return [...ports];
  return ports.filter((port) => port >= from && port <= to);
}

function protocolLabel(rule: OpenRule): string {
  if (rule.protocol === '-1') return 'all traffic';
  const name = PORT_PROTOCOLS[rule.protocol.toLowerCase()] ?? rule.protocol;
  if (rule.fromPort === null || rule.fromPort === -1) return `${name} all ports`;
  return rule.fromPort === rule.toPort ? `${name} ${rule.fromPort}` : `${name} ${rule.fromPort}-${rule.toPort}`;
}

function portList(ports: readonly number[]): string {
  return `${ports.length === 1 ? 'port' : 'ports'} ${ports.join(', ')}`;
}

/** Resources are security group ids (`sg-...`); their finding ids are the group ARNs. */
export const ec2SgNoOpenAdminPorts = defineRule({
  id: 'ec2-sg-no-open-admin-ports',
  title: 'No security group opens SSH or RDP to the whole internet',
  description:
    'No ingress permission of a security group admits 0.0.0.0/0 or ::/0 on the admin `ports` (default 22 and 3389): ' +
    'TCP or UDP ranges that cover a port, and `-1` (all traffic), count. Sources that are prefix lists or other ' +
    'security groups are not expanded (they are not the whole internet by CIDR); only /0 ranges count as open.',
  absentFields:
    'A rule without IpProtocol counts as all traffic (-1) and one without FromPort and ToPort as every port, ' +
    'the meaning AWS gives a rule for all traffic: if it admits the world, the FAIL names it as listed. A rule ' +
    'without IpRanges or Ipv6Ranges admits no address range.',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::SecurityGroup',
  checklist: { source: '002 Phase 1 › Server Provisioning', item: 'Firewall rules set (ports 22, 80, 443)' },
  controls: { securityHub: ['EC2.13', 'EC2.14'], awsConfig: 'vpc-sg-port-restriction-check', other: ['CIS AWS Foundations 5.2, 5.3'] },
  iamActions: ['ec2:DescribeSecurityGroups'],
  triggers: [
    {
      eventSource: EC2_EVENT_SOURCE,
      eventNames: ['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'ModifySecurityGroupRules', 'CreateSecurityGroup', 'DeleteSecurityGroup'],
      resourceNames: securityGroupFromEvent,
    },
  ],
  remediation: {
    text: 'Remove the world-open rule and admit SSH/RDP only from a bastion, a VPN range or AWS Systems Manager Session Manager.',
    cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0',
  },
  params,
  resources: async ({ ec2 }) => (await ec2.securityGroups()).map((group) => group.id),
  async evaluate({ ec2 }, groupId, { params: { ports } }) {
    const group = await ec2.securityGroup(groupId);
    const open: OpenRule[] = [];
    for (const permission of group.ingress) {
      const reached = portsReached(permission, ports);
      if (reached.length === 0) continue;
      for (const cidr of [...permission.ipv4Ranges, ...permission.ipv6Ranges].filter(isWorld)) {
        open.push({ cidr, protocol: permission.protocol, fromPort: permission.fromPort ?? null, toPort: permission.toPort ?? null, ports: reached });
      }
    }
    const label = `security group ${group.name} (${group.id})`;
    const evidence = { ports, vpcId: group.vpcId ?? null, openRules: open };
    if (open.length === 0) {
      return pass(`${label} admits nothing from 0.0.0.0/0 or ::/0 on ${portList(ports)}`, evidence);
    }
    const exposed = ports.filter((port) => open.some((rule) => rule.ports.includes(port)));
    const rules = open.map((rule) => `${rule.cidr} on ${protocolLabel(rule)}`).join('; ');
    return fail(`${label} is open to the internet on ${portList(exposed)}: ${rules}`, evidence);
  },
});
