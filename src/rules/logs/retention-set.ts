import * as z from 'zod';
import { defineRule, fail, fromRequest, notApplicable, pass } from '../define-rule.js';

const params = z
  .object({
    /** Fewest days events must be kept (the seed's 30). */
    minDays: z.number().int().min(1).default(30),
    /** Most days events may be kept (the seed's 365: older logs are cost and liability). */
    maxDays: z.number().int().min(1).default(365),
  })
  .strict()
  .refine((p) => p.minDays <= p.maxDays, { message: 'minDays must not exceed maxDays', path: ['minDays'] });

function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}

/** Resources are log group names; their finding ids are the log group ARNs (without `:*`). */
export const logsRetentionSet = defineRule({
  id: 'logs-retention-set',
  title: 'Log groups expire their events within the retention policy',
  description:
    'Every CloudWatch Logs log group keeps its events between `minDays` (30) and `maxDays` (365) days; a group whose ' +
    "events never expire fails. A retention set by an account-level retention policy counts as the group's own. " +
    'Log groups of the DELIVERY class (a fixed one-day buffer for Lambda log delivery) are NOT_APPLICABLE.',
  absentFields: 'A log group without retentionInDays never expires its events, as CloudWatch Logs documents: FAIL. Without ' + 'logGroupClass it is STANDARD.',
  severity: 'LOW',
  resourceType: 'AWS::Logs::LogGroup',
  checklist: { source: '003 Logging › Log Aggregation', item: 'Log retention policies (30-365 days)' },
  controls: { securityHub: ['CloudWatch.16'], awsConfig: 'cw-loggroup-retention-period-check' },
  iamActions: ['logs:DescribeLogGroups'],
  triggers: [
    {
      eventSource: 'logs.amazonaws.com',
      eventNames: ['CreateLogGroup', 'PutRetentionPolicy', 'DeleteRetentionPolicy', 'DeleteLogGroup'],
      resourceNames: fromRequest('logGroupName'),
    },
  ],
  remediation: {
    text: 'Set a retention within the policy on the log group (and in the template or code that creates it).',
    cli: 'aws logs put-retention-policy --log-group-name <log-group> --retention-in-days 30',
  },
  params,
  resources: async ({ logs }) => (await logs.logGroups()).map((group) => group.name),
  async evaluate({ logs }, name, { params: { minDays, maxDays } }) {
    const group = await logs.logGroup(name);
    const evidence = {
      retentionInDays: group.retentionInDays ?? null,
      retentionPolicyName: group.retentionPolicyName ?? null,
      logGroupClass: group.logGroupClass ?? null,
      minDays,
      maxDays,
    };
    if (group.logGroupClass === 'DELIVERY') {
      return notApplicable(`log group ${name} is of the DELIVERY class, whose one-day retention AWS fixes`, evidence);
    }
    const kept = group.retentionInDays;
    const by = group.retentionPolicyName ? ` (set by account retention policy ${group.retentionPolicyName})` : '';
    if (kept === undefined) {
      return fail(`log group ${name} never expires its events${by}; required ${minDays}-${maxDays} days`, evidence);
    }
    if (kept < minDays) {
      return fail(`log group ${name} keeps events ${days(kept)}${by}, fewer than the required ${minDays}`, evidence);
    }
    if (kept > maxDays) {
      return fail(`log group ${name} keeps events ${days(kept)}${by}, more than the allowed ${maxDays}`, evidence);
    }
    return pass(`log group ${name} keeps events ${days(kept)}${by}, within the required ${minDays}-${maxDays}`, evidence);
  },
});
