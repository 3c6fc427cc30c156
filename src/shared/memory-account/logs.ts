/** Logs of an in-memory account: answers the LogsApi from plain data, as Logs would. */
import type { LogsApi } from '../aws/logs-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryLogsState {}

export function emptyLogsState(): MemoryLogsState {
  return {};
}

export function memoryLogsApi(_state: MemoryLogsState, _region: string, _accountId: string, _call: MemoryCall): LogsApi {
  return {};
}
