/**
 * The demo's drift: someone suspends versioning on prod-data. The change is made to the sample account
 * and announced by the event AWS would send for it: an EventBridge "AWS API Call via CloudTrail"
 * envelope around the PutBucketVersioning record, shaped as CloudTrail logs it.
 */
import type { MemoryAccount } from './memory-account/index.js';
import { PreflightError } from '#shared/core/errors.js';

export interface VersioningDrift {
  bucket: string;
  region: string;
  status: 'Enabled' | 'Suspended';
  /** ISO time of the call. */
  time: string;
}

export const DEMO_DRIFT: Omit<VersioningDrift, 'time'> = { bucket: 'prod-data', region: 'eu-west-1', status: 'Suspended' };

/** Applies the call to the sample account, as S3 would. */
export function applyVersioningDrift(account: MemoryAccount, drift: VersioningDrift): void {
  const bucket = account.s3.buckets.find((b) => b.name === drift.bucket);
  if (!bucket) throw new PreflightError(`the sample account has no bucket ${drift.bucket}`);
  bucket.versioning = drift.status;
}

/** The EventBridge event for the call (CloudTrail management event, S3 bucket-level API). */
export function putBucketVersioningEvent(accountId: string, drift: VersioningDrift) {
  const time = drift.time.replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: accountId,
    time,
    region: drift.region,
    resources: [],
    detail: {
      eventVersion: '1.10',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEDEMOROLE01:jane.doe',
        arn: `arn:aws:sts::${accountId}:assumed-role/PlatformAdmin/jane.doe`,
        accountId,
        accessKeyId: 'ASIAEXAMPLEDEMOKEY01',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLEDEMOROLE01',
            arn: `arn:aws:iam::${accountId}:role/PlatformAdmin`,
            accountId,
            userName: 'PlatformAdmin',
          },
          attributes: { creationDate: time, mfaAuthenticated: 'false' },
        },
      },
      eventTime: time,
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketVersioning',
      awsRegion: drift.region,
      sourceIPAddress: '203.0.113.24',
      userAgent:
        '[aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.9 cfg/retry-mode#standard md/command#s3api.put-bucket-versioning]',
      requestParameters: {
        bucketName: drift.bucket,
        Host: `${drift.bucket}.s3.${drift.region}.amazonaws.com`,
        versioning: '',
        VersioningConfiguration: { Status: drift.status, xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
      },
      responseElements: null,
      additionalEventData: {
        SignatureVersion: 'SigV4',
        CipherSuite: 'TLS_AES_128_GCM_SHA256',
        bytesTransferredIn: 124,
        AuthenticationMethod: 'AuthHeader',
        'x-amz-id-2': 'EXAMPLEdemoRequestId2EXAMPLEdemoRequestId2EXAMPLE=',
        bytesTransferredOut: 0,
      },
      requestID: 'DEMO7Q2Z4XJ8K1M3',
      eventID: '0f4c1f8e-3b7a-4a53-9e0d-6c2b9a7d1e55',
      readOnly: false,
      resources: [{ accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${drift.bucket}` }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `${drift.bucket}.s3.${drift.region}.amazonaws.com`,
      },
    },
  };
}
