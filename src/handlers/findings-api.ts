/** API Gateway HTTP API (payload 2.0, IAM auth) → the findings API. Placeholder until the API lands. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export async function handler(_event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return { statusCode: 404, body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not implemented yet' } }) };
}
