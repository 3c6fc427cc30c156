/** Everything Preflight knows about calling ElastiCache: the API surface, its AWS implementation, and the facts reader. */
import type { ScanSession } from './scan-session.js';

/** The ElastiCache calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ElastiCacheApi {}

export function awsElastiCacheApi(_client: unknown): ElastiCacheApi {
  return {};
}

export class ElastiCacheReader {
  constructor(
    readonly api: (region: string) => ElastiCacheApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
