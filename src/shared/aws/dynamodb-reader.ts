/** Everything Preflight knows about calling DynamoDb: the API surface, its AWS implementation, and the facts reader. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ScanSession } from './scan-session.js';

/** The DynamoDb calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DynamoDbApi {}

export function awsDynamoDbApi(_client: DynamoDBClient): DynamoDbApi {
  return {};
}

export class DynamoDbReader {
  constructor(
    readonly api: (region: string) => DynamoDbApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}
