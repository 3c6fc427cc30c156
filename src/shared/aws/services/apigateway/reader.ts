/**
 * Everything Preflight knows about calling API Gateway (REST APIs, v1): the facts reader (the commands it sends are listed in sdk.ts). A stage is named by the ARN WAF associates with it:
 * `arn:<partition>:apigateway:<region>::/restapis/<api-id>/stages/<stage-name>`.
 */
import type { RestApi, RestApis } from '@aws-sdk/client-api-gateway';
import { ResourceNotFoundError } from '#shared/core/errors.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import type { ApiGatewayApi } from './sdk.js';
import { ServiceReader, findOrGone, page } from '../../reader-base.js';

export interface RestApiFacts {
  id: string;
  name: string;
  /** `EDGE`, `REGIONAL` or `PRIVATE` (REGIONAL when the API does not say). */
  endpointTypes: readonly string[];
}

export interface StageFacts {
  arn: string;
  restApiId: string;
  restApiName: string;
  stageName: string;
  /** The web ACL API Gateway reports for the stage, if any (WAF is the authority; this is evidence). */
  webAclArn?: string;
}

/** The ARN WAF and Config use for a REST API stage (no account id: API ids are unique per region). */
export function stageArn(partition: string, region: string, restApiId: string, stageName: string): string {
  return `arn:${partition}:apigateway:${region}::/restapis/${restApiId}/stages/${stageName}`;
}

/** The parts of a stage ARN; undefined for anything else (a REST API ARN, an HTTP API...). */
export function parseStageArn(arn: string): { region: string; restApiId: string; stageName: string } | undefined {
  const match = /^arn:[^:]+:apigateway:([^:]+)::\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(arn);
  if (!match) return undefined;
  const [, region, restApiId, stageName] = match;
  if (!region || !restApiId || !stageName) return undefined;
  return { region, restApiId, stageName };
}

// GetRestApis accepts up to 500 items per page.
const PAGE_SIZE = 500;
const API_NOT_FOUND = new Set(['NotFoundException']);

function restApiFacts(item: RestApi): RestApiFacts | undefined {
  if (!item.id) return undefined;
  const types = item.endpointConfiguration?.types ?? [];
  return { id: item.id, name: item.name ?? item.id, endpointTypes: types.length > 0 ? types : ['REGIONAL'] };
}

/** A GetRestApis answer, as a page of facts. */
const restApiPage = (out: RestApis) => page(out.items, restApiFacts, out.position);

export class ApiGatewayReader extends ServiceReader<ApiGatewayApi> {
  protected readonly service = 'apigateway';

  /** Every REST API of the region, all pages. */
  restApis(): Promise<readonly RestApiFacts[]> {
    return this.listing('restApis', 'GetRestApis', async (api, position) => restApiPage(await api.getRestApis({ limit: PAGE_SIZE, position })));
  }

  /** One REST API by id, from the listing; ResourceNotFoundError when it is gone. */
  async restApi(restApiId: string): Promise<RestApiFacts> {
    return findOrGone(await this.restApis(), (a) => a.id === restApiId, restApiId);
  }

  /** The stages of one REST API (GetStages is not paginated); a deleted API is ResourceNotFoundError. */
  stages(restApiId: string): Promise<readonly StageFacts[]> {
    return this.fact(`stages:${restApiId}`, async () => {
      const restApi = await this.restApi(restApiId);
      const out = await this.sendAbout(restApiId, API_NOT_FOUND, 'GetStages', (api) => api.getStages({ restApiId }));
      return (out.item ?? []).flatMap((s) =>
        s.stageName
          ? [
              {
                arn: this.stageArn(restApiId, s.stageName),
                restApiId,
                restApiName: restApi.name,
                stageName: s.stageName,
                webAclArn: s.webAclArn || undefined,
              },
            ]
          : [],
      );
    });
  }

  /** Every stage of every REST API of the region. */
  async allStages(): Promise<readonly StageFacts[]> {
    const apis = await this.restApis();
    return (await Promise.all(apis.map((a) => this.stages(a.id)))).flat();
  }

  /** One stage by ARN; ResourceNotFoundError when the stage or its API is gone. */
  async stage(arn: string): Promise<StageFacts> {
    const parsed = parseStageArn(arn);
    if (!parsed) throw new ResourceNotFoundError(arn);
    const reason = `stage ${parsed.stageName} of REST API ${parsed.restApiId} no longer exists`;
    let stages: readonly StageFacts[];
    try {
      stages = await this.stages(parsed.restApiId);
    } catch (error) {
      // The whole API is gone: so is the stage; say which.
      if (error instanceof ResourceNotFoundError) throw new ResourceNotFoundError(arn, { cause: error, reason });
      throw error;
    }
    const found = stages.find((s) => s.stageName === parsed.stageName);
    if (!found) throw new ResourceNotFoundError(arn, { reason });
    return found;
  }

  stageArn(restApiId: string, stageName: string): string {
    return stageArn(partitionOf(this.region), this.region, restApiId, stageName);
  }
}
