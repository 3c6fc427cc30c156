import { s3BucketMfaDeleteEnabled } from './bucket-mfa-delete-enabled.js';
import { s3BucketVersioningEnabled } from './bucket-versioning-enabled.js';

export const s3Rules = [s3BucketVersioningEnabled, s3BucketMfaDeleteEnabled];
