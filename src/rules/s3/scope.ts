/**
 * Which buckets an S3 rule covers: every bucket, or those whose name matches a glob and / or that
 * carry a tag. Shared by the rules that are meant for "critical" or "data" buckets only.
 */
import * as z from 'zod';
import type { S3Reader } from '#shared/aws/services/s3/reader.js';
import type { Evaluation } from '#shared/core/model.js';
import { notApplicable } from '../define-rule.js';
import { compileGlob } from '#shared/core/glob.js';

export interface BucketScope {
  /** Only buckets whose name matches this glob (`*`, `?`) are in scope; unset = every name. */
  namePattern?: string;
  /** Only buckets carrying this tag are in scope; unset = tags do not matter. */
  tagKey?: string;
  /** With `tagKey`: the tag must also have this value; unset = any value. */
  tagValue?: string;
}

/** The scope params as optional zod fields, for rules whose scope is "every bucket" by default. */
export const optionalScopeFields = {
  tagKey: z.string().min(1).optional(),
  tagValue: z.string().optional(),
  namePattern: z.string().min(1).optional(),
};

/**
 * NOT_APPLICABLE (naming the bucket and the scope it misses) for a bucket out of scope, undefined for
 * one in scope. The name is checked first: it costs no API call.
 */
export async function outOfScope(s3: S3Reader, bucket: string, scope: BucketScope): Promise<Evaluation | undefined> {
  if (scope.namePattern && !compileGlob(scope.namePattern).test(bucket)) {
    return notApplicable(`${bucket} does not match namePattern ${scope.namePattern}`);
  }
  if (scope.tagKey) {
    const tags = await s3.tags(bucket);
    const value = tags[scope.tagKey];
    if (value === undefined || (scope.tagValue !== undefined && value !== scope.tagValue)) {
      const wanted = scope.tagValue === undefined ? scope.tagKey : `${scope.tagKey}=${scope.tagValue}`;
      return notApplicable(`${bucket} is not tagged ${wanted}`);
    }
  }
  return undefined;
}
