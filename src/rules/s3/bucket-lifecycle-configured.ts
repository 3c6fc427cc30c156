import * as z from 'zod';
import { errorCode } from '#shared/core/errors.js';
import { cannotTell, defineRule, fail, fromRequest, pass } from '../define-rule.js';
import { outOfScope } from './scope.js';

const params = z
  .object({
    /** Buckets whose name matches this glob are in scope; `*` (the default) = every bucket. */
    namePattern: z.string().min(1).default('*'),
    /** Narrows the scope to buckets carrying this tag (e.g. `data-class`); unset = tags do not matter. */
    tagKey: z.string().min(1).optional(),
    /** With `tagKey`: the tag must also have this value; unset = any value. */
    tagValue: z.string().optional(),
  })
  .strict();

export const s3BucketLifecycleConfigured = defineRule({
  id: 's3-bucket-lifecycle-configured',
  title: 'S3 buckets expire or transition their objects with a lifecycle policy',
  description:
    'Every bucket in scope (all buckets by default; narrow with the namePattern / tagKey / tagValue params) has a ' +
    'lifecycle configuration with at least one Enabled rule. S3 does not support lifecycle rules on buckets with MFA ' +
    'delete: the finding says so when both rules cover such a bucket.',
  absentFields:
    'No lifecycle configuration (NoSuchLifecycleConfiguration) is FAIL. A rule without its Status (required by ' +
    'the API) is ERROR naming it unless another rule is known to be Enabled. A bucket without tags has none ' +
    '(NOT_APPLICABLE when the scope asks for a tag).',
  severity: 'LOW',
  resourceType: 'AWS::S3::Bucket',
  checklist: { source: '003 Cloud Infrastructure › Storage', item: 'S3 buckets for analytics data (lifecycle policies)' },
  controls: { securityHub: ['S3.13'], awsConfig: 's3-lifecycle-policy-check' },
  iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:GetBucketTagging', 's3:GetBucketVersioning'],
  triggers: [
    {
      eventSource: 's3.amazonaws.com',
      // CloudTrail logs PutBucketLifecycleConfiguration as PutBucketLifecycle too. PutBucketTagging and
      // DeleteBucketTagging can move a bucket into or out of a tag-based scope.
      eventNames: ['CreateBucket', 'PutBucketLifecycle', 'DeleteBucketLifecycle', 'PutBucketTagging', 'DeleteBucketTagging', 'DeleteBucket'],
      resourceNames: fromRequest('bucketName'),
    },
  ],
  remediation: {
    text: 'Add a lifecycle rule that moves old objects to a colder storage class and expires what is no longer needed (and noncurrent versions).',
    cli:
      'aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration ' +
      '\'{"Rules":[{"ID":"archive-then-expire","Status":"Enabled","Filter":{},' +
      '"Transitions":[{"Days":90,"StorageClass":"GLACIER_IR"}],"NoncurrentVersionExpiration":{"NoncurrentDays":90}}]}\'',
  },
  params,
  resources: ({ s3 }) => s3.bucketNames(),
  locate: ({ s3 }, bucket) => s3.bucketRegion(bucket),
  async evaluate({ s3 }, bucket, { params: scope }) {
    const skipped = await outOfScope(s3, bucket, scope);
    if (skipped) return skipped;

    const rules = await s3.lifecycleRules(bucket);
    const enabled = rules.filter((r) => r.status === 'Enabled');
    const evidence: Record<string, unknown> = { lifecycleRules: rules.map((r) => ({ id: r.id ?? null, status: r.status ?? null })) };
    if (enabled.length > 0) {
      const noun = enabled.length === 1 ? 'rule' : 'rules';
      return pass(`${bucket} has ${enabled.length} Enabled lifecycle ${noun}`, evidence);
    }
    const untold = rules.find((r) => r.status === undefined);
    if (untold) {
      const which = untold.id ? `lifecycle rule ${untold.id}` : 'a lifecycle rule';
      return cannotTell(`GetBucketLifecycleConfiguration did not say whether ${which} of ${bucket} is Enabled (no Status)`, evidence);
    }

    let note = '';
    // S3 refuses lifecycle rules on MFA delete buckets: say so, so the two S3 rules can be scoped apart.
    try {
      const { mfaDelete } = await s3.versioning(bucket);
      evidence.mfaDelete = mfaDelete ?? null;
      if (mfaDelete === 'Enabled') {
        note = ' (MFA delete is Enabled on it, and S3 does not support lifecycle rules on MFA delete buckets)';
      }
    } catch (error) {
      // The verdict stands without the note; the evidence says why it is missing.
      evidence.versioningCheckError = errorCode(error);
    }
    const reason =
      rules.length === 0
        ? `${bucket} has no lifecycle configuration${note}`
        : rules.length === 1
          ? `the only lifecycle rule of ${bucket} is ${rules[0]?.status}${note}`
          : `none of the ${rules.length} lifecycle rules of ${bucket} is Enabled${note}`;
    return fail(reason, evidence);
  },
});
