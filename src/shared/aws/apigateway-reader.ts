/** Everything Preflight knows about calling ApiGateway: the API surface, its AWS implementation, and the facts reader. */
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ScanSession } from './scan-session.js';

/** The ApiGateway calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApiGatewayApi {}

export function awsApiGatewayApi(_client: APIGatewayClient): ApiGatewayApi {
  return {};
}

export class ApiGatewayReader {
  constructor(
    readonly api: (region: string) => ApiGatewayApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
