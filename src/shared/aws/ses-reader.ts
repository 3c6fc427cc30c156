/** Everything Preflight knows about calling Ses: the API surface, its AWS implementation, and the facts reader. */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ScanSession } from './scan-session.js';

/** The Ses calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SesApi {}

export function awsSesApi(_client: SESv2Client): SesApi {
  return {};
}

export class SesReader {
  constructor(
    readonly api: (region: string) => SesApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
