import { describe, expect, it } from 'vitest';
import { displayNameOf, partitionOf, resourceIdOf } from '../../src/shared/resource-ids.js';

describe('resource ids', () => {
  const at = { accountId: '123456789012', region: 'eu-west-1', partition: 'aws' };

  it('builds ARNs for known types and keeps ARNs as they are', () => {
    expect(resourceIdOf('AWS::S3::Bucket', 'prod-data', at)).toBe('arn:aws:s3:::prod-data');
    expect(resourceIdOf('AWS::CloudWatch::Alarm', 'cpu', at)).toBe('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu');
    expect(resourceIdOf('AWS::SNS::Topic', 'arn:aws:sns:us-east-1:123456789012:t', at)).toBe('arn:aws:sns:us-east-1:123456789012:t');
    expect(resourceIdOf('AWS::::Account', '123456789012', at)).toBe('123456789012/eu-west-1');
    expect(resourceIdOf('AWS::::Account', '123456789012', { ...at, region: 'global' })).toBe('123456789012');
  });

  it('names resources the way people know them', () => {
    expect(displayNameOf('prod-data')).toBe('prod-data');
    expect(displayNameOf('arn:aws:s3:::prod-data')).toBe('prod-data');
    expect(displayNameOf('arn:aws:elasticache:eu-west-1:123456789012:cluster:retainwise-cache')).toBe('retainwise-cache');
    expect(displayNameOf('arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/public-api/50dc6c495c0c9188')).toBe('public-api');
    expect(displayNameOf('arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod')).toBe('a1b2c3/prod');
    expect(displayNameOf('arn:aws:iam::123456789012:policy/team/AdminLegacy')).toBe('AdminLegacy');
    expect(displayNameOf('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db/password-AbCdEf')).toBe('prod/db/password');
  });

  it('knows the partitions', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-west-1')).toBe('aws');
  });
});
