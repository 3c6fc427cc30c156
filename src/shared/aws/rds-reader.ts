/** Everything Preflight knows about calling Rds: the API surface, its AWS implementation, and the facts reader. */
import type { RDSClient } from '@aws-sdk/client-rds';
import type { ScanSession } from './scan-session.js';

/** The Rds calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RdsApi {}

export function awsRdsApi(_client: RDSClient): RdsApi {
  return {};
}

export class RdsReader {
  constructor(
    readonly api: (region: string) => RdsApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
