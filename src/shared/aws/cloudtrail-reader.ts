/** Everything Preflight knows about calling CloudTrail: the API surface, its AWS implementation, and the facts reader. */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { ScanSession } from './scan-session.js';

/** The CloudTrail calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CloudTrailApi {}

export function awsCloudTrailApi(_client: CloudTrailClient): CloudTrailApi {
  return {};
}

export class CloudTrailReader {
  constructor(
    readonly api: (region: string) => CloudTrailApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
