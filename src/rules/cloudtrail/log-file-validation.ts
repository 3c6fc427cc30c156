import { trailNamesFromEvent } from '#shared/aws/services/cloudtrail/reader.js';
import { cannotTell, defineRule, fail, pass } from '../define-rule.js';

export const cloudtrailLogFileValidation = defineRule({
  id: 'cloudtrail-log-file-validation',
  title: 'CloudTrail trails validate their log files',
  description:
    'Every trail this account owns has LogFileValidationEnabled, so a deleted or altered log file is detectable. Each trail ' +
    'is evaluated once, in its home region (shadow copies of multi-region trails and organization trails owned by another ' +
    'account are skipped); a trail homed in a region that is not scanned is not evaluated.',
  absentFields: 'A trail without LogFileValidationEnabled is ERROR naming the field; without HomeRegion it is homed in its ' + "ARN's region.",
  severity: 'MEDIUM',
  resourceType: 'AWS::CloudTrail::Trail',
  checklist: { source: '003', item: 'Audit logs for all API calls' },
  controls: { securityHub: ['CloudTrail.4'], awsConfig: 'cloud-trail-log-file-validation-enabled' },
  iamActions: ['cloudtrail:DescribeTrails'],
  triggers: [{ eventSource: 'cloudtrail.amazonaws.com', eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail'], resourceNames: trailNamesFromEvent }],
  remediation: {
    text: 'Turn on log file integrity validation: CloudTrail then delivers signed digest files to verify the logs with.',
    cli: 'aws cloudtrail update-trail --name <trail> --enable-log-file-validation',
  },
  resources: ({ cloudtrail }) => cloudtrail.homeTrailNames(),
  async evaluate({ cloudtrail }, name) {
    const trail = await cloudtrail.trail(name);
    const evidence = { arn: trail.arn, multiRegion: trail.multiRegion ?? null, logFileValidationEnabled: trail.logFileValidation ?? null };
    if (trail.logFileValidation === undefined) {
      return cannotTell(`DescribeTrails did not say whether trail ${name} validates its log files (no LogFileValidationEnabled)`, evidence);
    }
    return trail.logFileValidation
      ? pass(`log file validation is enabled on trail ${name}`, evidence)
      : fail(`log file validation is disabled on trail ${name}`, evidence);
  },
});
