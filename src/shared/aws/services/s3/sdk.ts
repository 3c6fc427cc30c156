/** The SDK binding of S3Api: the only module that loads '@aws-sdk/client-s3' (imported on first use). */
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
import { readable } from '../../raw-answers.js';
import type { S3Api } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): S3Api {
  // S3 answers bucket calls only from the bucket's own region; each region gets its client.
  return awsS3Api(readable(new S3Client({ ...config, followRegionRedirects: true })));
}

export function awsS3Api(client: S3Client): S3Api {
  return {
    listBuckets: (input) => client.send(new ListBucketsCommand(input)),
    getBucketLocation: (input) => client.send(new GetBucketLocationCommand(input)),
    getBucketVersioning: (input) => client.send(new GetBucketVersioningCommand(input)),
    getBucketTagging: (input) => client.send(new GetBucketTaggingCommand(input)),
    getBucketLifecycleConfiguration: (input) => client.send(new GetBucketLifecycleConfigurationCommand(input)),
    getBucketReplication: (input) => client.send(new GetBucketReplicationCommand(input)),
  };
}
