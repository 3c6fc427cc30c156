/** CloudWatch of an in-memory account: answers the CloudWatchApi from plain data, as CloudWatch would. */
import type { CloudWatchApi } from '../aws/cloudwatch-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryCloudWatchState {}

export function emptyCloudWatchState(): MemoryCloudWatchState {
  return {};
}

export function memoryCloudWatchApi(_state: MemoryCloudWatchState, _region: string, _accountId: string, _call: MemoryCall): CloudWatchApi {
  return {};
}
