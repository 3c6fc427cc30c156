import type { Rule } from '../define-rule.js';
import { ec2SgNoOpenAdminPorts } from './sg-no-open-admin-ports.js';
import { vpcFlowLogsEnabled } from './vpc-flow-logs-enabled.js';

export const ec2Rules: Rule[] = [vpcFlowLogsEnabled, ec2SgNoOpenAdminPorts];
