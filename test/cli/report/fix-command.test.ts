import { describe, expect, it } from 'vitest';
import { fixCommand, shellQuote } from '../../../src/cli/report/fix-command.js';
import { RULES } from '../../../src/rules/index.js';
import { finding, HOSTILE } from './fixtures.js';

const cliOf = (id: string) => RULES.find((r) => r.id === id)?.remediation.cli ?? '';

describe('fixCommand', () => {
  it("fills in the finding's own resource, account and region", () => {
    expect(fixCommand(cliOf('s3-bucket-versioning-enabled'), finding({ resourceName: 'old-logs', resourceId: 'arn:aws:s3:::old-logs' }))).toBe(
      'aws s3api put-bucket-versioning --bucket old-logs --versioning-configuration Status=Enabled',
    );
    expect(
      fixCommand(
        cliOf('budget-alert-thresholds'),
        finding({
          resourceType: 'AWS::Budgets::Budget',
          resourceName: 'monthly',
          resourceId: 'arn:aws:budgets::111122223333:budget/monthly',
          region: 'global',
        }),
      ),
    ).toMatch(/^aws budgets create-notification --account-id 111122223333 --budget-name monthly --notification .*Threshold=<percent>.*Address=<email>$/);
    expect(
      fixCommand(
        cliOf('ec2-sg-no-open-admin-ports'),
        finding({ resourceType: 'AWS::EC2::SecurityGroup', resourceName: 'web', resourceId: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc' }),
      ),
    ).toBe('aws ec2 revoke-security-group-ingress --group-id sg-0abc --protocol tcp --port 22 --cidr 0.0.0.0/0');
  });

  it('leaves a placeholder when the resource is not the kind the command wants, or the region is global', () => {
    // An Aurora cluster is not a DB instance: `--db-instance-identifier reporting` would be wrong.
    const cluster = finding({
      resourceType: 'AWS::RDS::DBInstance',
      resourceName: 'reporting',
      resourceId: 'arn:aws:rds:eu-west-1:111122223333:cluster:reporting',
    });
    expect(fixCommand(cliOf('rds-multi-az'), cluster)).toContain('--db-instance-identifier <id>');
    expect(fixCommand('aws sesv2 put-account-details --region <region>', finding({ region: 'global' }))).toContain('--region <region>');
    // Reports drop control characters: the command would name a bucket that does not exist.
    expect(fixCommand(cliOf('s3-bucket-versioning-enabled'), finding({ resourceName: 'a\u0007b' }))).toContain('--bucket <bucket>');
  });

  it('quotes names the shell would otherwise run', () => {
    const alarm = finding({ resourceType: 'AWS::CloudWatch::Alarm', resourceName: HOSTILE, resourceId: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:x' });
    expect(fixCommand(cliOf('cloudwatch-alarm-action-configured'), alarm)).toBe(`aws cloudwatch enable-alarm-actions --alarm-names ${shellQuote(HOSTILE)}`);
    expect(shellQuote("it's $(rm -rf ~)")).toBe(`'it'\\''s $(rm -rf ~)'`);
    expect(shellQuote('arn:aws:sns:eu-west-1:111122223333:alerts')).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
  });
});
