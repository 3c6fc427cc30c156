/** Everything Preflight knows about calling Wafv2: the API surface, its AWS implementation, and the facts reader. */
import type { WAFV2Client } from '@aws-sdk/client-wafv2';
import type { ScanSession } from './scan-session.js';

/** The Wafv2 calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Wafv2Api {}

export function awsWafv2Api(_client: WAFV2Client): Wafv2Api {
  return {};
}

export class Wafv2Reader {
  constructor(
    readonly api: (region: string) => Wafv2Api,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
