/** ElastiCache of an in-memory account: answers the ElastiCacheApi from plain data, as ElastiCache would. */
import type { ElastiCacheApi } from '../aws/elasticache-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryElastiCacheState {}

export function emptyElastiCacheState(): MemoryElastiCacheState {
  return {};
}

export function memoryElastiCacheApi(_state: MemoryElastiCacheState, _region: string, _accountId: string, _call: MemoryCall): ElastiCacheApi {
  return {};
}
