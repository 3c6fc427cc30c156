/** WAF (v2, regional scope) of an in-memory account: answers the Wafv2Api from plain data, as WAF would. */
import type { Wafv2Api } from '#shared/aws/services/wafv2/sdk.js';
import { type MemoryCall, MemoryServiceError } from './support.js';

export interface MemoryWebAcl {
  name: string;
  /** Default `<name>-id`. */
  id?: string;
  /** ARNs of the resources (ALBs, API Gateway stages...) the web ACL protects. */
  associatedResources: string[];
}

export interface MemoryWafv2State {
  webAcls: MemoryWebAcl[];
}

export function emptyWafv2State(): MemoryWafv2State {
  return { webAcls: [] };
}

export function memoryWafv2Api(state: MemoryWafv2State, region: string, accountId: string, call: MemoryCall): Wafv2Api {
  return {
    getWebACLForResource: (input) =>
      call('wafv2', 'GetWebACLForResource', input, () => {
        if (!input.ResourceArn?.startsWith('arn:')) {
          throw new MemoryServiceError('WAFInvalidParameterException', 'The ResourceArn is not a valid ARN');
        }
        const acl = state.webAcls.find((a) => a.associatedResources.includes(input.ResourceArn ?? ''));
        // An unprotected resource gets an empty answer, as from WAF.
        if (!acl) return {};
        const id = acl.id ?? `${acl.name}-id`;
        return {
          WebACL: {
            Name: acl.name,
            Id: id,
            ARN: `arn:aws:wafv2:${region}:${accountId}:regional/webacl/${acl.name}/${id}`,
            DefaultAction: { Allow: {} },
            VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl.name },
          },
        };
      }),
  };
}
