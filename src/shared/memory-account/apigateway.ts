/** ApiGateway of an in-memory account: answers the ApiGatewayApi from plain data, as ApiGateway would. */
import type { ApiGatewayApi } from '../aws/apigateway-reader.js';
import type { MemoryCall } from './support.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MemoryApiGatewayState {}

export function emptyApiGatewayState(): MemoryApiGatewayState {
  return {};
}

export function memoryApiGatewayApi(_state: MemoryApiGatewayState, _region: string, _accountId: string, _call: MemoryCall): ApiGatewayApi {
  return {};
}
