import { defineRule, fail, fromRequest, pass } from '../define-rule.js';

export const s3BucketVersioningEnabled = defineRule({
  id: 's3-bucket-versioning-enabled',
  title: 'S3 buckets keep every version of every object',
  description: "Every bucket's versioning status is Enabled; Suspended or never enabled fails.",
  absentFields:
    'GetBucketVersioning answers without Status for a bucket whose versioning was never enabled, as S3 ' +
    'documents: FAIL (versioning is not enabled). A bucket whose region ListBuckets does not give is located ' +
    'with GetBucketLocation, whose empty LocationConstraint means us-east-1.',
  severity: 'HIGH',
  resourceType: 'AWS::S3::Bucket',
  checklist: { source: '000 §5', item: 'Enable S3 Bucket Versioning' },
  controls: { securityHub: ['S3.14'], awsConfig: 's3-bucket-versioning-enabled' },
  iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
  triggers: [
    {
      eventSource: 's3.amazonaws.com',
      eventNames: ['CreateBucket', 'PutBucketVersioning', 'DeleteBucket'],
      resourceNames: fromRequest('bucketName'),
    },
  ],
  remediation: {
    text: 'Enable versioning so that overwritten or deleted objects can be restored.',
    cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
  },
  resources: ({ s3 }) => s3.bucketNames(),
  locate: ({ s3 }, bucket) => s3.bucketRegion(bucket),
  async evaluate({ s3 }, bucket) {
    const { status } = await s3.versioning(bucket);
    return status === 'Enabled'
      ? pass(`versioning is Enabled on ${bucket}`, { status })
      : fail(`versioning is ${status ?? 'not enabled'} on ${bucket}`, { status: status ?? null });
  },
});
