/** Everything Preflight knows about calling CloudWatch: the API surface, its AWS implementation, and the facts reader. */
import type { ScanSession } from './scan-session.js';

/** The CloudWatch calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CloudWatchApi {}

export function awsCloudWatchApi(_client: unknown): CloudWatchApi {
  return {};
}

export class CloudWatchReader {
  constructor(
    readonly api: (region: string) => CloudWatchApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
