import { describe, expect, it } from 'vitest';
import { applyWafv2Sample } from '../../../../src/cli/demo/sample/wafv2.js';
import { wafv2Rules } from '../../../../src/rules/wafv2/index.js';
import { stageArn } from '#shared/aws/services/apigateway/reader.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyApiGatewayState, memoryApiGatewayApi } from '../../../../src/cli/demo/memory-account/apigateway.js';
import { emptyElbv2State, memoryElbv2Api, memoryLoadBalancerArn } from '../../../../src/cli/demo/memory-account/elbv2.js';
import { emptyAccount, ensureRegion, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';
import { emptyWafv2State, memoryWafv2Api } from '../../../../src/cli/demo/memory-account/wafv2.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

describe('memory ELBv2', () => {
  const state = { ...emptyElbv2State(), loadBalancers: [{ name: 'a' }, { name: 'b', scheme: 'internal' as const }, { name: 'c', type: 'network' as const }] };
  const api = memoryElbv2Api(state, REGION, ACCOUNT, direct);

  it('answers the SDK shape with stable ARNs and the defaults AWS gives (application, internet-facing, active)', async () => {
    const out = await api.describeLoadBalancers({});

    expect(out.LoadBalancers?.[0]).toMatchObject({
      LoadBalancerArn: memoryLoadBalancerArn(REGION, ACCOUNT, { name: 'a' }),
      LoadBalancerName: 'a',
      Type: 'application',
      Scheme: 'internet-facing',
      State: { Code: 'active' },
    });
    expect(out.LoadBalancers?.map((lb) => lb.LoadBalancerArn?.split(':')[5]?.split('/').slice(0, 2).join('/'))).toEqual([
      'loadbalancer/app',
      'loadbalancer/app',
      'loadbalancer/net',
    ]);
  });

  it('pages with Marker, finds by ARN, and fails like ELBv2 for an unknown ARN or a bad PageSize', async () => {
    const first = await api.describeLoadBalancers({ PageSize: 2 });
    const second = await api.describeLoadBalancers({ PageSize: 2, Marker: first.NextMarker });
    const arn = memoryLoadBalancerArn(REGION, ACCOUNT, { name: 'b' });

    expect([first.LoadBalancers?.length, second.LoadBalancers?.length, second.NextMarker]).toEqual([2, 1, undefined]);
    expect((await api.describeLoadBalancers({ LoadBalancerArns: [arn] })).LoadBalancers?.map((lb) => lb.Scheme)).toEqual(['internal']);
    await expect(api.describeLoadBalancers({ LoadBalancerArns: [`${arn}x`] })).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
    await expect(api.describeLoadBalancers({ PageSize: 401 })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('memory API Gateway', () => {
  const state = {
    ...emptyApiGatewayState(),
    restApis: [
      { id: 'api1', name: 'one', stages: [{ name: 'prod' }, { name: 'dev' }] },
      { id: 'api2', name: 'two', endpointType: 'PRIVATE' as const, stages: [] },
    ],
  };
  const api = memoryApiGatewayApi(state, REGION, ACCOUNT, direct);

  it('pages GetRestApis with position and answers GetStages, or NotFoundException for an unknown API', async () => {
    const first = await api.getRestApis({ limit: 1 });
    const second = await api.getRestApis({ limit: 1, position: first.position });

    expect(first.items).toEqual([{ id: 'api1', name: 'one', endpointConfiguration: { types: ['REGIONAL'] } }]);
    expect(second.items?.map((a) => a.endpointConfiguration?.types)).toEqual([['PRIVATE']]);
    expect(second.position).toBeUndefined();
    expect((await api.getStages({ restApiId: 'api1' })).item?.map((s) => s.stageName)).toEqual(['prod', 'dev']);
    await expect(api.getStages({ restApiId: 'nope' })).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(api.getRestApis({ limit: 501 })).rejects.toMatchObject({ name: 'BadRequestException' });
  });
});

describe('memory WAF', () => {
  it('answers the web ACL protecting a resource, or nothing for an unprotected one', async () => {
    const protectedArn = stageArn('aws', REGION, 'api1', 'prod');
    const state = { ...emptyWafv2State(), webAcls: [{ name: 'edge', associatedResources: [protectedArn] }] };
    const api = memoryWafv2Api(state, REGION, ACCOUNT, direct);

    expect((await api.getWebACLForResource({ ResourceArn: protectedArn })).WebACL).toMatchObject({
      Name: 'edge',
      ARN: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/edge/edge-id`,
    });
    expect(await api.getWebACLForResource({ ResourceArn: stageArn('aws', REGION, 'api1', 'dev') })).toEqual({});
    await expect(api.getWebACLForResource({ ResourceArn: 'not-an-arn' })).rejects.toMatchObject({ name: 'WAFInvalidParameterException' });
  });
});

describe('the demo sample (WAF)', () => {
  it('shows a public ALB without WAF (FAIL), a protected API stage (PASS), and the internal ALB as NOT_APPLICABLE', async () => {
    const account = emptyAccount(ACCOUNT, [REGION, 'us-east-1']);
    applyWafv2Sample(account);

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: [REGION, 'us-east-1'],
      rules: wafv2Rules.map((r) => r.bind()),
      apis: memoryApiProvider(account),
    });

    const [publicApi, internalJobs] = ensureRegion(account, REGION).elbv2.loadBalancers.map((lb) => memoryLoadBalancerArn(REGION, ACCOUNT, lb));
    expect(findings.map((f) => `${f.resourceId} ${f.status}: ${f.reason}`)).toEqual([
      `${stageArn('aws', REGION, 'r3t41nw1se', 'prod')} PASS: stage prod of REST API retainwise-api (r3t41nw1se) is protected by web ACL retainwise-api-protection`,
      `${internalJobs} NOT_APPLICABLE: ALB internal-jobs is internal: only internet-facing ALBs are in scope`,
      `${publicApi} FAIL: internet-facing ALB public-api has no WAF web ACL`,
      `${ACCOUNT}/us-east-1 NOT_APPLICABLE: no AWS::ElasticLoadBalancingV2::LoadBalancer in us-east-1`,
    ]);
  });
});
