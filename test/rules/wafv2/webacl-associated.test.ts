import { APIGatewayClient, GetRestApisCommand, GetStagesCommand, type RestApi } from '@aws-sdk/client-api-gateway';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client, type LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetWebACLForResourceCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { wafv2WebAclAssociated as rule } from '../../../src/rules/wafv2/webacl-associated.js';
import type { Finding } from '#shared/core/model.js';
import { accessDenied, ACCOUNT, awsError, REGION, runRule, throttled } from '../../helpers/aws.js';

const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const apigateway = mockClient(APIGatewayClient);
const wafv2 = mockClient(WAFV2Client);

const albArn = (name: string, id = '50dc6c495c0c9188') => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${name}/${id}`;
const stageArn = (apiId: string, stage: string) => `arn:aws:apigateway:${REGION}::/restapis/${apiId}/stages/${stage}`;
const ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/api-protection/a1b2c3d4-5678-90ab-cdef-111122223333`;
const WEB_ACL = { Name: 'api-protection', Id: 'a1b2c3d4-5678-90ab-cdef-111122223333', ARN: ACL_ARN, DefaultAction: { Allow: {} }, VisibilityConfig: undefined };

function alb(name: string, overrides: Partial<LoadBalancer> = {}): LoadBalancer {
  return { LoadBalancerArn: albArn(name), LoadBalancerName: name, Type: 'application', Scheme: 'internet-facing', State: { Code: 'active' }, ...overrides };
}

function restApi(id: string, name: string, type: 'EDGE' | 'REGIONAL' | 'PRIVATE' = 'REGIONAL'): RestApi {
  return { id, name, endpointConfiguration: { types: [type] } };
}

/** The findings keyed by resource id (ALB display names are their ARN's id), as `STATUS: reason`. */
function byId(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.resourceId, `${f.status}: ${f.reason}`]));
}

/** Nothing in the region unless a test says otherwise. */
function emptyRegion(): void {
  elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
  apigateway.on(GetRestApisCommand).resolves({ items: [] });
}

describe('wafv2-webacl-associated', () => {
  beforeEach(() => {
    elbv2.reset();
    apigateway.reset();
    wafv2.reset();
    emptyRegion();
  });

  it('passes an internet-facing ALB and a REST API stage that have a web ACL', async () => {
    // Prepare
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [alb('public-api')] });
    apigateway.on(GetRestApisCommand).resolves({ items: [restApi('a1b2c3', 'retainwise-api')] });
    apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod', webAclArn: ACL_ARN }] });
    wafv2.on(GetWebACLForResourceCommand).resolves({ WebACL: WEB_ACL });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(byId(findings)).toEqual({
      [albArn('public-api')]: 'PASS: internet-facing ALB public-api is protected by web ACL api-protection',
      [stageArn('a1b2c3', 'prod')]: 'PASS: stage prod of REST API retainwise-api (a1b2c3) is protected by web ACL api-protection',
    });
    expect(findings[0]).toMatchObject({
      resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      region: REGION,
      severity: 'MEDIUM',
      evidence: { webAcl: ACL_ARN },
    });
    expect(wafv2).toHaveReceivedCommandWith(GetWebACLForResourceCommand, { ResourceArn: stageArn('a1b2c3', 'prod') });
    expect(wafv2).toHaveReceivedCommandWith(GetWebACLForResourceCommand, { ResourceArn: albArn('public-api') });
  });

  it('fails when WAF answers without a web ACL or with WAFNonexistentItemException', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [alb('public-api')] });
    apigateway.on(GetRestApisCommand).resolves({ items: [restApi('a1b2c3', 'retainwise-api', 'EDGE')] });
    apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod' }] });
    wafv2.on(GetWebACLForResourceCommand, { ResourceArn: albArn('public-api') }).resolves({});
    wafv2
      .on(GetWebACLForResourceCommand, { ResourceArn: stageArn('a1b2c3', 'prod') })
      .rejects(awsError('WAFNonexistentItemException', "AWS WAF couldn't perform the operation because your resource doesn't exist."));

    const { findings } = await runRule(rule);

    expect(byId(findings)).toEqual({
      [albArn('public-api')]: 'FAIL: internet-facing ALB public-api has no WAF web ACL',
      [stageArn('a1b2c3', 'prod')]: 'FAIL: stage prod of REST API retainwise-api (a1b2c3) has no WAF web ACL',
    });
  });

  it('gives internal ALBs and private API stages a NOT_APPLICABLE finding of their own, and leaves network load balancers out', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        alb('public-api'),
        alb('internal-jobs', { LoadBalancerArn: albArn('internal-jobs', '7a3f1e2d9b8c4d60'), Scheme: 'internal' }),
        {
          LoadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/tcp-in/1234567890abcdef`,
          LoadBalancerName: 'tcp-in',
          Type: 'network',
          Scheme: 'internet-facing',
        },
      ],
    });
    apigateway.on(GetRestApisCommand).resolves({ items: [restApi('pr1v4te', 'internal-api', 'PRIVATE')] });
    apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod' }] });
    wafv2.on(GetWebACLForResourceCommand).resolves({});

    const { findings } = await runRule(rule);

    expect(byId(findings)).toEqual({
      [albArn('public-api')]: 'FAIL: internet-facing ALB public-api has no WAF web ACL',
      [albArn('internal-jobs', '7a3f1e2d9b8c4d60')]: 'NOT_APPLICABLE: ALB internal-jobs is internal: only internet-facing ALBs are in scope',
      [stageArn('pr1v4te', 'prod')]:
        'NOT_APPLICABLE: stage prod of REST API internal-api (pr1v4te) is private (reachable from VPCs only): only public API stages are in scope',
    });
    // Out of scope is read from the listing: WAF is asked about the public ALB only.
    expect(wafv2).toHaveReceivedCommandTimes(GetWebACLForResourceCommand, 1);
  });

  it("lists no finding for a network load balancer whose ARN says app/ (the listing's Type decides, as moto answers)", async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        alb('public-api'),
        { LoadBalancerArn: albArn('edge-nlb', '5b6c7d8e9f0a1b2c'), LoadBalancerName: 'edge-nlb', Type: 'network', Scheme: 'internet-facing' },
      ],
    });
    apigateway.on(GetRestApisCommand).resolves({ items: [] });
    wafv2.on(GetWebACLForResourceCommand).resolves({});

    const { findings } = await runRule(rule);

    expect(byId(findings)).toEqual({ [albArn('public-api')]: 'FAIL: internet-facing ALB public-api has no WAF web ACL' });
  });

  it('never says the region has no load balancer when its ALBs are all internal', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [alb('internal-jobs', { LoadBalancerArn: albArn('internal-jobs', '7a3f1e2d9b8c4d60'), Scheme: 'internal' })],
    });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.reason)).not.toContain(`no AWS::ElasticLoadBalancingV2::LoadBalancer in ${REGION}`);
    expect(byId(findings)).toEqual({
      [albArn('internal-jobs', '7a3f1e2d9b8c4d60')]: 'NOT_APPLICABLE: ALB internal-jobs is internal: only internet-facing ALBs are in scope',
    });
  });

  it('is NOT_APPLICABLE, account-wide, when the region has no ALB nor API stage', async () => {
    const { findings, complete } = await runRule(rule);

    expect(byId(findings)).toEqual({
      [`${ACCOUNT}/${REGION}`]: `NOT_APPLICABLE: no AWS::ElasticLoadBalancingV2::LoadBalancer in ${REGION}`,
    });
    expect(complete).toEqual([{ ruleId: rule.id, region: REGION }]);
    expect(wafv2).not.toHaveReceivedCommand(GetWebACLForResourceCommand);
  });

  it('reads the kind of an ALB from its ARN when Type is left out, and is ERROR, never "out of scope", without its Scheme', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [alb('public-api', { Type: undefined, Scheme: undefined })] });

    const { findings } = await runRule(rule);

    expect(byId(findings)).toEqual({
      [albArn('public-api')]: 'ERROR: DescribeLoadBalancers did not say whether ALB public-api is internet-facing or internal (no Scheme)',
    });
    expect(wafv2).not.toHaveReceivedCommand(GetWebACLForResourceCommand);
  });

  it('is ERROR, not PASS, when GetWebACLForResource is denied, and the other resources are still judged', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [alb('denied'), alb('fine', { LoadBalancerArn: albArn('fine', '0f0f0f0f0f0f0f0f') })],
    });
    wafv2.on(GetWebACLForResourceCommand, { ResourceArn: albArn('denied') }).rejects(accessDenied());
    wafv2.on(GetWebACLForResourceCommand, { ResourceArn: albArn('fine', '0f0f0f0f0f0f0f0f') }).resolves({ WebACL: WEB_ACL });

    const { findings } = await runRule(rule);

    expect(byId(findings)).toEqual({
      [albArn('denied')]: 'ERROR: AccessDenied: User is not authorized to perform this action',
      [albArn('fine', '0f0f0f0f0f0f0f0f')]: 'PASS: internet-facing ALB fine is protected by web ACL api-protection',
    });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [alb('busy')] });
    wafv2.on(GetWebACLForResourceCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(byId(findings)).toEqual({ [albArn('busy')]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is one account-level ERROR when the load balancers or the APIs cannot be listed', async () => {
    apigateway.on(GetRestApisCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(byId(findings)).toEqual({
      [`${ACCOUNT}/${REGION}`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('reads every page of DescribeLoadBalancers (Marker) and GetRestApis (position)', async () => {
    elbv2
      .on(DescribeLoadBalancersCommand)
      .resolvesOnce({ LoadBalancers: [alb('a', { LoadBalancerArn: albArn('a', '000000000000000a') })], NextMarker: 'm1' })
      .resolvesOnce({ LoadBalancers: [alb('b', { LoadBalancerArn: albArn('b', '000000000000000b') })] });
    apigateway
      .on(GetRestApisCommand)
      .resolvesOnce({ items: [restApi('api1', 'one')], position: 'p1' })
      .resolvesOnce({ items: [restApi('api2', 'two')] });
    apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod' }] });
    wafv2.on(GetWebACLForResourceCommand).resolves({ WebACL: WEB_ACL });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceId).sort()).toEqual(
      [albArn('a', '000000000000000a'), albArn('b', '000000000000000b'), stageArn('api1', 'prod'), stageArn('api2', 'prod')].sort(),
    );
    expect(elbv2).toHaveReceivedCommandTimes(DescribeLoadBalancersCommand, 2);
    expect(elbv2).toHaveReceivedNthCommandWith(DescribeLoadBalancersCommand, 2, { Marker: 'm1' });
    expect(apigateway).toHaveReceivedCommandTimes(GetRestApisCommand, 2);
    expect(apigateway).toHaveReceivedNthCommandWith(GetRestApisCommand, 2, { position: 'p1' });
    expect(apigateway).toHaveReceivedCommandWith(GetStagesCommand, { restApiId: 'api2' });
  });

  describe('targeted by an event', () => {
    const target = (...resourceNames: string[]) => ({ target: { region: REGION, resourceNames } });

    it('re-evaluates one ALB by ARN, without listing the region', async () => {
      elbv2.on(DescribeLoadBalancersCommand, { LoadBalancerArns: [albArn('public-api')] }).resolves({ LoadBalancers: [alb('public-api')] });
      wafv2.on(GetWebACLForResourceCommand).resolves({});

      const { findings } = await runRule(rule, target(albArn('public-api')));

      expect(byId(findings)).toEqual({ [albArn('public-api')]: 'FAIL: internet-facing ALB public-api has no WAF web ACL' });
      expect(elbv2).toHaveReceivedCommandTimes(DescribeLoadBalancersCommand, 1);
      expect(apigateway).not.toHaveReceivedCommand(GetRestApisCommand);
    });

    it('says an internal ALB is out of scope', async () => {
      elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [alb('internal-jobs', { Scheme: 'internal' })] });

      const { findings } = await runRule(rule, target(albArn('internal-jobs')));

      expect(byId(findings)).toEqual({
        [albArn('internal-jobs')]: 'NOT_APPLICABLE: ALB internal-jobs is internal: only internet-facing ALBs are in scope',
      });
      expect(wafv2).not.toHaveReceivedCommand(GetWebACLForResourceCommand);
    });

    it('says a stage of a private API is out of scope', async () => {
      apigateway.on(GetRestApisCommand).resolves({ items: [restApi('pr1v4te', 'internal-api', 'PRIVATE')] });
      apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod' }] });

      const { findings } = await runRule(rule, target(stageArn('pr1v4te', 'prod')));

      expect(byId(findings)).toEqual({
        [stageArn('pr1v4te', 'prod')]:
          'NOT_APPLICABLE: stage prod of REST API internal-api (pr1v4te) is private (reachable from VPCs only): only public API stages are in scope',
      });
    });

    it('closes (RESOLVED), never opens, a finding of a network load balancer: sweeps do not list what takes no web ACL', async () => {
      const nlb = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/tcp-in/1234567890abcdef`;
      elbv2
        .on(DescribeLoadBalancersCommand)
        .resolves({ LoadBalancers: [{ LoadBalancerArn: nlb, LoadBalancerName: 'tcp-in', Type: 'network', Scheme: 'internet-facing' }] });

      const { findings } = await runRule(rule, target(nlb));

      expect(byId(findings)).toEqual({ [nlb]: 'RESOLVED: tcp-in is a network load balancer: WAF web ACLs protect Application Load Balancers only' });
    });

    it('closes the finding (RESOLVED) of a deleted ALB, stage or API', async () => {
      elbv2.on(DescribeLoadBalancersCommand).rejects(awsError('LoadBalancerNotFoundException', 'One or more load balancers not found'));
      apigateway.on(GetRestApisCommand).resolves({ items: [restApi('a1b2c3', 'retainwise-api')] });
      apigateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod' }] });

      const { findings } = await runRule(rule, target(albArn('gone'), stageArn('a1b2c3', 'staging'), stageArn('d3l3t3d', 'prod')));

      expect(byId(findings)).toEqual({
        [albArn('gone')]: 'RESOLVED: load balancer gone no longer exists',
        [stageArn('a1b2c3', 'staging')]: 'RESOLVED: stage staging of REST API a1b2c3 no longer exists',
        [stageArn('d3l3t3d', 'prod')]: 'RESOLVED: stage prod of REST API d3l3t3d no longer exists',
      });
    });
  });
});
