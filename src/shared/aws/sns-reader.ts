/** Everything Preflight knows about calling Sns: the API surface, its AWS implementation, and the facts reader. */
import type { ScanSession } from './scan-session.js';

/** The Sns calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SnsApi {}

export function awsSnsApi(_client: unknown): SnsApi {
  return {};
}

export class SnsReader {
  constructor(
    readonly api: (region: string) => SnsApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
