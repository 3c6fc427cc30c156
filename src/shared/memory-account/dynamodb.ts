/** DynamoDb of an in-memory account: answers the DynamoDbApi from plain data, as DynamoDb would. */
import type { DynamoDbApi } from '../aws/dynamodb-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryDynamoDbState {}

export function emptyDynamoDbState(): MemoryDynamoDbState {
  return {};
}

export function memoryDynamoDbApi(_state: MemoryDynamoDbState, _region: string, _accountId: string, _call: MemoryCall): DynamoDbApi {
  return {};
}
