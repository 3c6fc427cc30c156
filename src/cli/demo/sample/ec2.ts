/** The demo's sample account: its VPCs, flow logs and security groups, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';

/**
 * eu-west-1: `vpc-0prod` sends ALL its traffic to a flow log (PASS); `vpc-0legacy`, left over from
 * an old migration, has none (FAIL). Security groups: `web` opens 80/443 to the world (PASS: not admin
 * ports), `app` admits SSH from the bastion's group only (PASS), `bastion` opens SSH to 0.0.0.0/0
 * (FAIL) and `all-traffic-v6` admits all traffic from ::/0 (FAIL: covers 22 and 3389).
 */
export function applyEc2Sample(account: MemoryAccount): void {
  const { ec2 } = ensureRegion(account, 'eu-west-1');
  ec2.vpcs.push(
    { id: 'vpc-0prod', name: 'retainwise-prod', cidrBlock: '10.20.0.0/16' },
    { id: 'vpc-0legacy', name: 'retainwise-legacy', cidrBlock: '172.31.0.0/16' },
  );
  ec2.flowLogs.push({
    id: 'fl-0prod',
    resourceId: 'vpc-0prod',
    trafficType: 'ALL',
    destinationType: 'cloud-watch-logs',
    destination: '/vpc/flow-logs/retainwise-prod',
  });
  ec2.securityGroups.push(
    {
      id: 'sg-0web',
      name: 'web',
      vpcId: 'vpc-0prod',
      description: 'Public HTTPS for the load balancer',
      ingress: [
        { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0', '::/0'] },
        { protocol: 'tcp', fromPort: 80, toPort: 80, cidrs: ['0.0.0.0/0', '::/0'] },
      ],
    },
    {
      id: 'sg-0app',
      name: 'app',
      vpcId: 'vpc-0prod',
      description: 'Application servers',
      ingress: [
        { protocol: 'tcp', fromPort: 8000, toPort: 8000, sourceGroupIds: ['sg-0web'] },
        { protocol: 'tcp', fromPort: 22, toPort: 22, sourceGroupIds: ['sg-0bastion'] },
      ],
    },
    {
      id: 'sg-0bastion',
      name: 'bastion',
      vpcId: 'vpc-0prod',
      description: 'SSH jump host',
      ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }],
    },
    {
      id: 'sg-0alltrafficv6',
      name: 'all-traffic-v6',
      vpcId: 'vpc-0legacy',
      description: 'Temporary debugging rule, never removed',
      ingress: [{ protocol: '-1', cidrs: ['::/0'] }],
    },
  );
}
