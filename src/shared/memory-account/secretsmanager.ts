/** SecretsManager of an in-memory account: answers the SecretsManagerApi from plain data, as SecretsManager would. */
import type { SecretsManagerApi } from '../aws/secretsmanager-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemorySecretsManagerState {}

export function emptySecretsManagerState(): MemorySecretsManagerState {
  return {};
}

export function memorySecretsManagerApi(_state: MemorySecretsManagerState, _region: string, _accountId: string, _call: MemoryCall): SecretsManagerApi {
  return {};
}
