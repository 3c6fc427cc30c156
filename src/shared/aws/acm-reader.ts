/** Everything Preflight knows about calling Acm: the API surface, its AWS implementation, and the facts reader. */
import type { ACMClient } from '@aws-sdk/client-acm';
import type { ScanSession } from './scan-session.js';

/** The Acm calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AcmApi {}

export function awsAcmApi(_client: ACMClient): AcmApi {
  return {};
}

export class AcmReader {
  constructor(
    readonly api: (region: string) => AcmApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
