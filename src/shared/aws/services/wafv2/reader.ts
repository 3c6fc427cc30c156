/**
 * Everything Preflight knows about calling WAF (v2, regional scope): the facts reader (the commands it sends are listed in sdk.ts). WAF Classic (waf-regional) associations are not read.
 */
import type { Wafv2Api } from './sdk.js';
import { ServiceReader } from '../../reader-base.js';

export interface WebAclFacts {
  name: string;
  arn: string;
  id?: string;
}

const WAF_NO_ASSOCIATION = new Set(['WAFNonexistentItemException']);

export class Wafv2Reader extends ServiceReader<Wafv2Api> {
  protected readonly service = 'wafv2';

  /**
   * The web ACL protecting a regional resource (ALB, API Gateway stage...), or undefined when none is
   * associated. WAF answers an unprotected resource with an empty response, and with
   * WAFNonexistentItemException when it knows no association for it: both mean "no web ACL".
   */
  webAclFor(resourceArn: string): Promise<WebAclFacts | undefined> {
    return this.fact(`webAclFor:${resourceArn}`, () =>
      this.unlessAbsent(WAF_NO_ASSOCIATION, undefined, async () => {
        const out = await this.send('GetWebACLForResource', (api) => api.getWebACLForResource({ ResourceArn: resourceArn }));
        const acl = out.WebACL;
        if (!acl?.ARN) return undefined;
        return { name: acl.Name ?? acl.ARN, arn: acl.ARN, id: acl.Id };
      }),
    );
  }
}
