/** Builders for DescribeTrails answers, shared by the CloudTrail rule tests. */
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT } from '../../helpers/aws.js';

export const trailArn = (name: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

/** A trail as DescribeTrails reports it; `home` is its home region. */
export function trail(name: string, home: string, extra: Partial<Trail> = {}): Trail {
  return {
    Name: name,
    S3BucketName: `aws-cloudtrail-logs-${ACCOUNT}`,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: false,
    HomeRegion: home,
    TrailARN: trailArn(name, home),
    LogFileValidationEnabled: false,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
    ...extra,
  };
}
