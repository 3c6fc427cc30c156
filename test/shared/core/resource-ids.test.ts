import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID_PATTERN,
  displayNameOf,
  parseKindArn,
  partitionOf,
  REGION_OR_GLOBAL_PATTERN,
  REGION_PATTERN,
  resourceIdOf,
} from '#shared/core/resource-ids.js';

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

describe('account id and region patterns', () => {
  it('accept real account ids and region names, and nothing else', () => {
    expect(['123456789012', '000000000000'].filter((v) => ACCOUNT_ID_PATTERN.test(v))).toHaveLength(2);
    expect(['12345678901', '1234567890123', '12345678901a', ' 123456789012', '123456789012\n'].filter((v) => ACCOUNT_ID_PATTERN.test(v))).toEqual([]);
    const regions = ['eu-west-1', 'us-gov-west-1', 'cn-northwest-1', 'ap-southeast-10', 'il-central-1'];
    expect(regions.filter((r) => REGION_PATTERN.test(r))).toEqual(regions);
    expect(['global', 'EU-WEST-1', 'eu-west', 'eu-west-1a', 'eu-west-1\n', '../eu-west-1'].filter((r) => REGION_PATTERN.test(r))).toEqual([]);
    expect(['global', ...regions].filter((r) => REGION_OR_GLOBAL_PATTERN.test(r))).toHaveLength(regions.length + 1);
    expect(['globalx', 'xglobal', 'global-1'].filter((r) => REGION_OR_GLOBAL_PATTERN.test(r))).toEqual([]);
  });

  it('are defined once: no other source file spells them out', () => {
    const root = fileURLToPath(new URL('../../../src', import.meta.url));
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const copies = sources(root)
      .filter((file) => !file.endsWith('resource-ids.ts'))
      .filter((file) => /\/\^\\d\{12\}\$\/|\[a-z\]\{2\}\(-\[a-z\]\+\)\+-\\d/.test(readFileSync(file, 'utf8')));
    expect(copies).toEqual([]);
  });
});

describe('parseKindArn', () => {
  const KINDS = ['db', 'cluster'] as const;

  it('gives the kind and id of an ARN of one of the kinds, in any partition', () => {
    expect(parseKindArn('arn:aws:rds:eu-west-1:123456789012:db:orders', 'rds', KINDS)).toEqual({ kind: 'db', id: 'orders' });
    expect(parseKindArn('arn:aws-cn:rds:cn-north-1:123456789012:cluster:main', 'rds', KINDS)).toEqual({ kind: 'cluster', id: 'main' });
  });

  it.each([
    ['another service', 'arn:aws:elasticache:eu-west-1:123456789012:cluster:orders'],
    ['another kind', 'arn:aws:rds:eu-west-1:123456789012:snapshot:orders'],
    ['no id', 'arn:aws:rds:eu-west-1:123456789012:db:'],
    ['an id with a colon', 'arn:aws:rds:eu-west-1:123456789012:db:orders:extra'],
    ['too few parts', 'arn:aws:rds:eu-west-1:123456789012:db'],
    ['not an ARN', 'orders'],
    ['a look-alike prefix', 'urn:aws:rds:eu-west-1:123456789012:db:orders'],
  ])('answers undefined for %s', (_case, arn) => {
    expect(parseKindArn(arn, 'rds', KINDS)).toBeUndefined();
  });
});
