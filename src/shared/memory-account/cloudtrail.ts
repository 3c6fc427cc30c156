/** CloudTrail of an in-memory account: answers the CloudTrailApi from plain data, as CloudTrail would. */
import type { CloudTrailApi } from '../aws/cloudtrail-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryCloudTrailState {}

export function emptyCloudTrailState(): MemoryCloudTrailState {
  return {};
}

export function memoryCloudTrailApi(_state: MemoryCloudTrailState, _region: string, _accountId: string, _call: MemoryCall): CloudTrailApi {
  return {};
}
