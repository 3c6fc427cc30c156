/** API Gateway (REST APIs) of an in-memory account: answers the ApiGatewayApi from plain data, as API Gateway would. */
import type { ApiGatewayApi } from '#shared/aws/services/apigateway/sdk.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

export interface MemoryStage {
  name: string;
  /** Default `dep-<stage name>`. */
  deploymentId?: string;
}

export interface MemoryRestApi {
  /** The API id (10 lowercase characters in AWS, e.g. `a1b2c3d4e5`). */
  id: string;
  name: string;
  /** Default `REGIONAL`. */
  endpointType?: 'EDGE' | 'REGIONAL' | 'PRIVATE';
  stages: MemoryStage[];
}

/** Web ACL associations live in the WAF state, as in AWS WAF, not here. */
export interface MemoryApiGatewayState {
  restApis: MemoryRestApi[];
}

export function emptyApiGatewayState(): MemoryApiGatewayState {
  return { restApis: [] };
}

// GetRestApis accepts limit 1..500 (default 25).
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 25;

export function memoryApiGatewayApi(state: MemoryApiGatewayState, _region: string, _accountId: string, call: MemoryCall): ApiGatewayApi {
  return {
    getRestApis: (input) =>
      call('apigateway', 'GetRestApis', input, () => {
        if (input.limit !== undefined && (input.limit < 1 || input.limit > MAX_LIMIT)) {
          throw new MemoryServiceError('BadRequestException', `limit must be between 1 and ${MAX_LIMIT}`);
        }
        const page = paginate(state.restApis, input.position, input.limit ?? DEFAULT_LIMIT);
        return {
          items: page.items.map((api) => ({
            id: api.id,
            name: api.name,
            endpointConfiguration: { types: [api.endpointType ?? 'REGIONAL'] },
          })),
          position: page.next,
        };
      }),
    getStages: (input) =>
      call('apigateway', 'GetStages', input, () => {
        const api = state.restApis.find((a) => a.id === input.restApiId);
        if (!api) throw notFound('NotFoundException', 'Invalid API identifier specified');
        return {
          item: api.stages.map((s) => ({ stageName: s.name, deploymentId: s.deploymentId ?? `dep-${s.name}` })),
        };
      }),
  };
}
