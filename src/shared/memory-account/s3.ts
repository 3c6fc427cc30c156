/** S3 of an in-memory account: answers the S3Api from plain data, as S3 would. */
import type { S3Api } from '../aws/s3-reader.js';
import { type MemoryCall, notFound, paginate } from './support.js';

export interface MemoryBucket {
  name: string;
  region: string;
  versioning?: 'Enabled' | 'Suspended';
  mfaDelete?: 'Enabled' | 'Disabled';
  tags?: Record<string, string>;
  lifecycleRules?: number;
}

export interface MemoryS3State {
  buckets: MemoryBucket[];
}

export function memoryS3Api(state: MemoryS3State, call: MemoryCall): S3Api {
  const bucket = (name: string | undefined): MemoryBucket => {
    const found = state.buckets.find((b) => b.name === name);
    if (!found) throw notFound('NoSuchBucket', `The specified bucket does not exist: ${name}`);
    return found;
  };
  return {
    listBuckets: (input) =>
      call('s3', 'ListBuckets', input, () => {
        const page = paginate(state.buckets, input.ContinuationToken, input.MaxBuckets);
        // Like S3, BucketRegion is not always reported: the reader must fall back to GetBucketLocation.
        return { Buckets: page.items.map((b) => ({ Name: b.name })), ContinuationToken: page.next };
      }),
    getBucketLocation: (input) =>
      call('s3', 'GetBucketLocation', input, () => {
        const { region } = bucket(input.Bucket);
        return { LocationConstraint: region === 'us-east-1' ? undefined : (region as never) };
      }),
    getBucketVersioning: (input) =>
      call('s3', 'GetBucketVersioning', input, () => {
        const b = bucket(input.Bucket);
        return { Status: b.versioning, MFADelete: b.mfaDelete };
      }),
    getBucketTagging: (input) =>
      call('s3', 'GetBucketTagging', input, () => {
        const b = bucket(input.Bucket);
        if (!b.tags || Object.keys(b.tags).length === 0) throw notFound('NoSuchTagSet', 'The TagSet does not exist');
        return { TagSet: Object.entries(b.tags).map(([Key, Value]) => ({ Key, Value })) };
      }),
    getBucketLifecycleConfiguration: (input) =>
      call('s3', 'GetBucketLifecycleConfiguration', input, () => {
        const b = bucket(input.Bucket);
        if (!b.lifecycleRules) throw notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
        return { Rules: Array.from({ length: b.lifecycleRules }, (_, i) => ({ ID: `rule-${i}`, Status: 'Enabled' as const })) };
      }),
  };
}
