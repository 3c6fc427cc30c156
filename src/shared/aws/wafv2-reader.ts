/**
 * Everything Preflight knows about calling WAF (v2, regional scope): the API surface, its AWS
 * implementation, and the facts reader. WAF Classic (waf-regional) associations are not read.
 */
import {
  GetWebACLForResourceCommand,
  type GetWebACLForResourceRequest,
  type GetWebACLForResourceResponse,
  type WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { errorCode } from '#shared/core/errors.js';
import type { ScanSession } from './scan-session.js';

/** The Wafv2 calls Preflight makes, one method per API operation, for one region's endpoint. */
export interface Wafv2Api {
  getWebACLForResource(input: GetWebACLForResourceRequest): Promise<GetWebACLForResourceResponse>;
}

export function awsWafv2Api(client: WAFV2Client): Wafv2Api {
  return {
    getWebACLForResource: (input) => client.send(new GetWebACLForResourceCommand(input)),
  };
}

export interface WebAclFacts {
  name: string;
  arn: string;
  id?: string;
}

export class Wafv2Reader {
  constructor(
    readonly api: (region: string) => Wafv2Api,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}

  /**
   * The web ACL protecting a regional resource (ALB, API Gateway stage...), or undefined when none is
   * associated. WAF answers an unprotected resource with an empty response, and with
   * WAFNonexistentItemException when it knows no association for it: both mean "no web ACL".
   */
  webAclFor(resourceArn: string): Promise<WebAclFacts | undefined> {
    return this.session.remember(`wafv2:${this.region}:webAclFor:${resourceArn}`, async () => {
      try {
        const out = await this.session.call('wafv2', 'GetWebACLForResource', this.region, () =>
          this.api(this.region).getWebACLForResource({ ResourceArn: resourceArn }),
        );
        const acl = out.WebACL;
        if (!acl?.ARN) return undefined;
        return { name: acl.Name ?? acl.ARN, arn: acl.ARN, id: acl.Id };
      } catch (error) {
        if (errorCode(error) === 'WAFNonexistentItemException') return undefined;
        throw error;
      }
    });
  }
}
