import { s3BucketLifecycleConfigured } from './bucket-lifecycle-configured.js';
import { s3BucketMfaDeleteEnabled } from './bucket-mfa-delete-enabled.js';
import { s3BucketReplication } from './bucket-replication.js';
import { s3BucketVersioningEnabled } from './bucket-versioning-enabled.js';

export const s3Rules = [s3BucketVersioningEnabled, s3BucketMfaDeleteEnabled, s3BucketReplication, s3BucketLifecycleConfigured];
