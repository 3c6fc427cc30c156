/** S3's SDK binding: the only module that loads '@aws-sdk/client-s3' (imported on first use). */
import {
  S3Client,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = {
  ListBucketsCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  GetBucketTaggingCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketReplicationCommand,
};

/** The S3 calls Preflight makes, one method per command, for one region's endpoint. */
export type S3Api = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. S3 answers bucket calls only from the bucket's own region: each region gets its client. */
export const sdkApi = (config: ClientConfig): S3Api => bindCommands(new S3Client({ ...config, followRegionRedirects: true }), COMMANDS);
