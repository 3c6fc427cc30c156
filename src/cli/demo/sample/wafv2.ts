/**
 * The demo's sample account: its WAF resources and what they protect (load balancers, API stages),
 * compliant and not. Sample data, never a real account.
 */
import { stageArn } from '#shared/aws/services/apigateway/reader.js';
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';

/**
 * eu-west-1:
 * - `public-api`, an internet-facing ALB with no web ACL (FAIL);
 * - `internal-jobs`, an internal ALB (out of scope: NOT_APPLICABLE);
 * - REST API `retainwise-api`, stage `prod`, protected by web ACL `retainwise-api-protection` (PASS).
 */
export function applyWafv2Sample(account: MemoryAccount): void {
  const region = 'eu-west-1';
  const { elbv2, apigateway, wafv2 } = ensureRegion(account, region);
  elbv2.loadBalancers.push(
    { name: 'public-api', scheme: 'internet-facing', id: '50dc6c495c0c9188' },
    { name: 'internal-jobs', scheme: 'internal', id: '7a3f1e2d9b8c4d60' },
  );
  const restApiId = 'r3t41nw1se';
  apigateway.restApis.push({ id: restApiId, name: 'retainwise-api', endpointType: 'REGIONAL', stages: [{ name: 'prod' }] });
  wafv2.webAcls.push({
    name: 'retainwise-api-protection',
    id: 'a1b2c3d4-5678-90ab-cdef-111122223333',
    associatedResources: [stageArn('aws', region, restApiId, 'prod')],
  });
}
