import type { FlowLogFacts, VpcFacts } from '#shared/aws/services/ec2/reader.js';
import { cannotTell, defineRule, fail, pass } from '../define-rule.js';
import { EC2_EVENT_SOURCE, plural, vpcFromEvent, vpcsFromCreateFlowLogs } from './support.js';

/** `VPC vpc-0prod (prod)`, `default VPC vpc-1a2b`: reasons say which VPC people know it as. */
function vpcLabel(vpc: VpcFacts): string {
  return `${vpc.isDefault ? 'default VPC' : 'VPC'} ${vpc.id}${vpc.name ? ` (${vpc.name})` : ''}`;
}

function describeLog(log: FlowLogFacts): string {
  return `${log.id}: ${log.trafficType ?? 'unknown'} traffic to ${log.destinationType ?? 'an unknown destination'}`;
}

/** Resources are VPC ids (`vpc-...`); their finding ids are the VPC ARNs. */
export const vpcFlowLogsEnabled = defineRule({
  id: 'vpc-flow-logs-enabled',
  title: 'Every VPC records its network traffic in flow logs',
  description:
    'Every VPC of the region has at least one flow log attached to the VPC itself whose FlowLogStatus is ACTIVE ' +
    '(any traffic type, any destination). Subnet or network-interface flow logs do not count, as in Security Hub EC2.6. ' +
    'DeleteFlowLogs names only flow log ids, gone by the time the event arrives: it re-evaluates every VPC of its region.',
  absentFields:
    'A flow log without FlowLogStatus is ERROR naming it unless another flow log of the VPC is known to be ' +
    'ACTIVE. A VPC without IsDefault is named as a plain VPC.',
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPC',
  checklist: { source: '003 Cloud Infrastructure › VPC Configuration', item: 'VPC Flow Logs enabled for security monitoring' },
  controls: { securityHub: ['EC2.6'], awsConfig: 'vpc-flow-logs-enabled' },
  iamActions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
  triggers: [
    { eventSource: EC2_EVENT_SOURCE, eventNames: ['CreateFlowLogs'], resourceNames: vpcsFromCreateFlowLogs },
    // The deleted flow log can no longer say its VPC: every VPC of the region is re-evaluated (two reads).
    { eventSource: EC2_EVENT_SOURCE, eventNames: ['DeleteFlowLogs'], everyResourceInRegion: true },
    { eventSource: EC2_EVENT_SOURCE, eventNames: ['CreateVpc', 'DeleteVpc'], resourceNames: vpcFromEvent },
  ],
  remediation: {
    text: 'Create a flow log for the VPC (REJECT traffic at least) delivered to CloudWatch Logs or S3.',
    cli: 'aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<flow-log-bucket>',
  },
  resources: async ({ ec2 }) => (await ec2.vpcs()).map((vpc) => vpc.id),
  async evaluate({ ec2 }, vpcId) {
    const vpc = await ec2.vpc(vpcId);
    const logs = await ec2.flowLogsOf(vpc.id);
    const active = logs.filter((log) => log.status === 'ACTIVE');
    const evidence = {
      flowLogs: logs.map((log) => ({
        id: log.id,
        status: log.status ?? null,
        trafficType: log.trafficType ?? null,
        destinationType: log.destinationType ?? null,
        destination: log.destination ?? null,
        deliverStatus: log.deliverStatus ?? null,
      })),
    };
    const label = vpcLabel(vpc);
    if (active.length > 0) {
      return pass(`${label} has ${plural(active.length, 'active flow log')} (${active.map(describeLog).join('; ')})`, evidence);
    }
    // A flow log that does not say its status may be the active one.
    const untold = logs.find((log) => log.status === undefined);
    if (untold) {
      return cannotTell(`DescribeFlowLogs did not say whether flow log ${untold.id} of ${label} is active (no FlowLogStatus)`, evidence);
    }
    if (logs.length > 0) {
      return fail(`${label} has no active flow log (${logs.map((log) => `${log.id} is ${log.status}`).join('; ')})`, evidence);
    }
    return fail(`${label} has no flow log`, evidence);
  },
});
