import type { Readers } from '#shared/aws/readers.js';
import { parseStageArn, stageArn } from '#shared/aws/services/apigateway/reader.js';
import { parseLoadBalancerArn } from '#shared/aws/services/elbv2/reader.js';
import { OutOfScopeError } from '#shared/core/errors.js';
import type { Evaluation } from '#shared/core/model.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { cannotTell, type CloudTrailDetail, defineRule, fail, notApplicable, pass, stringAt } from '../define-rule.js';

/** The ARNs this rule judges: Application Load Balancers and REST API stages. */
function isJudged(arn: string): boolean {
  return parseLoadBalancerArn(arn)?.kind === 'app' || parseStageArn(arn) !== undefined;
}

/** AssociateWebACL / DisassociateWebACL name the protected resource; other resource kinds are not ours. */
function fromResourceArn(detail: CloudTrailDetail): string[] {
  const arn = stringAt(detail.requestParameters, 'resourceArn');
  return arn && isJudged(arn) ? [arn] : [];
}

/**
 * CreateLoadBalancer answers with the new load balancers (responseElements.loadBalancers[]);
 * DeleteLoadBalancer names one in its request. Only ALBs take a web ACL.
 */
function loadBalancersFromEvent(detail: CloudTrailDetail): string[] {
  const created = detail.responseElements?.loadBalancers;
  const arns = [
    ...(Array.isArray(created) ? created.map((lb: unknown) => stringAt(lb, 'loadBalancerArn')) : []),
    stringAt(detail.requestParameters, 'loadBalancerArn'),
  ];
  return arns.filter((arn): arn is string => arn !== undefined && isJudged(arn));
}

/**
 * CreateStage, CreateDeployment (with a stage name) and DeleteStage name the API and the stage; the
 * stage ARN is rebuilt from the event's region, as WAF writes it.
 */
function stageFromEvent(detail: CloudTrailDetail): string[] {
  const request = detail.requestParameters;
  const restApiId = stringAt(request, 'restApiId') ?? stringAt(detail.responseElements, 'self.restApiId');
  const stageName =
    stringAt(request, 'createStageInput.stageName') ??
    stringAt(request, 'createDeploymentInput.stageName') ??
    stringAt(request, 'stageName') ??
    stringAt(detail.responseElements, 'self.stageName');
  const region = detail.awsRegion;
  if (!restApiId || !stageName || !region) return [];
  return [stageArn(partitionOf(region), region, restApiId, stageName)];
}

async function evaluateLoadBalancer({ elbv2, wafv2 }: Readers, arn: string): Promise<Evaluation> {
  const lb = await elbv2.loadBalancer(arn);
  if (lb.type !== 'application') {
    // Sweeps list ALBs only: a finding of another kind would be closed by the next one, so none is opened.
    throw new OutOfScopeError(arn, `${lb.name} is a ${lb.type} load balancer: WAF web ACLs protect Application Load Balancers only`);
  }
  const evidence = { loadBalancer: lb.name, scheme: lb.scheme ?? null, state: lb.state ?? null };
  if (lb.scheme === undefined) {
    return cannotTell(`DescribeLoadBalancers did not say whether ALB ${lb.name} is internet-facing or internal (no Scheme)`, evidence);
  }
  if (lb.scheme !== 'internet-facing') {
    return notApplicable(`ALB ${lb.name} is ${lb.scheme}: only internet-facing ALBs are in scope`, evidence);
  }
  const acl = await wafv2.webAclFor(arn);
  return acl
    ? pass(`internet-facing ALB ${lb.name} is protected by web ACL ${acl.name}`, { ...evidence, webAcl: acl.arn })
    : fail(`internet-facing ALB ${lb.name} has no WAF web ACL`, { ...evidence, webAcl: null });
}

async function evaluateStage({ apigateway, wafv2 }: Readers, arn: string): Promise<Evaluation> {
  const stage = await apigateway.stage(arn);
  const api = await apigateway.restApi(stage.restApiId);
  const label = `stage ${stage.stageName} of REST API ${api.name} (${api.id})`;
  const evidence = { restApiId: api.id, restApiName: api.name, stageName: stage.stageName, endpointTypes: [...api.endpointTypes] };
  if (api.endpointTypes.includes('PRIVATE')) {
    return notApplicable(`${label} is private (reachable from VPCs only): only public API stages are in scope`, evidence);
  }
  const acl = await wafv2.webAclFor(arn);
  return acl
    ? pass(`${label} is protected by web ACL ${acl.name}`, { ...evidence, webAcl: acl.arn })
    : fail(`${label} has no WAF web ACL`, { ...evidence, webAcl: null, stageWebAclArn: stage.webAclArn ?? null });
}

export const wafv2WebAclAssociated = defineRule({
  id: 'wafv2-webacl-associated',
  title: 'Public ALBs and API stages are behind a WAF web ACL',
  description:
    'Every internet-facing Application Load Balancer and every stage of a public (edge or regional) API Gateway REST ' +
    'API is associated with an AWS WAF (v2) web ACL. Internal ALBs and stages of private APIs get a NOT_APPLICABLE ' +
    'finding each (network and gateway load balancers take no web ACL and are not listed). Findings of ' +
    'both kinds carry the resource type AWS::ElasticLoadBalancingV2::LoadBalancer (one rule, one type); their resource ' +
    'id is the ALB ARN or the stage ARN (arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>). WAF Classic ' +
    'associations are not read.',
  absentFields:
    'A load balancer without Type takes its kind from its ARN; one without Scheme is ERROR naming the field. A ' +
    'REST API without endpointConfiguration is public. GetWebACLForResource without WebACL means no web ACL, ' +
    'as WAF documents: FAIL for a public resource.',
  severity: 'MEDIUM',
  resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  checklist: { source: '003 Cloud Infrastructure › Networking; 000 §14 WAF (Web Application Firewall)', item: 'WAF rules for API protection' },
  controls: { securityHub: ['APIGateway.4'], awsConfig: 'alb-waf-enabled', other: ['AWS Config api-gw-associated-with-waf'] },
  // GetWebACLForResource reads the associated web ACL with GetWebACL: without it, a protected resource is AccessDenied.
  iamActions: ['elasticloadbalancing:DescribeLoadBalancers', 'apigateway:GET', 'wafv2:GetWebACLForResource', 'wafv2:GetWebACL'],
  // GetRestApis and GetStages only: apigateway:GET on `*` would also read API key values (/apikeys).
  iamResources: { 'apigateway:GET': ['arn:aws:apigateway:*::/restapis', 'arn:aws:apigateway:*::/restapis/*/stages'] },
  triggers: [
    { eventSource: 'wafv2.amazonaws.com', eventNames: ['AssociateWebACL', 'DisassociateWebACL'], resourceNames: fromResourceArn },
    {
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventNames: ['CreateLoadBalancer', 'DeleteLoadBalancer'],
      resourceNames: loadBalancersFromEvent,
    },
    {
      eventSource: 'apigateway.amazonaws.com',
      eventNames: ['CreateStage', 'CreateDeployment', 'DeleteStage'],
      resourceNames: stageFromEvent,
    },
  ],
  remediation: {
    text:
      'Create a regional web ACL (start with the AWS managed rule groups: common rule set, known bad inputs, IP ' +
      'reputation, and a rate-based rule) and associate it with the ALB or API stage.',
    cli: 'aws wafv2 associate-web-acl --region <region> --web-acl-arn <web-acl-arn> --resource-arn <alb-or-stage-arn>',
  },
  // Every ALB and every stage, internal and private ones included: evaluate() says those are NOT_APPLICABLE,
  // and a resource an event can judge must be one the sweep lists, or the sweep would close its finding.
  // The listing's Type decides, not the ARN: an ARN that says app/ for a network load balancer lists nothing.
  async resources({ elbv2, apigateway }) {
    const [loadBalancers, stages] = await Promise.all([elbv2.loadBalancers(), apigateway.allStages()]);
    return [...loadBalancers.filter((lb) => lb.type === 'application').map((lb) => lb.arn), ...stages.map((s) => s.arn)];
  },
  async evaluate(readers, name) {
    if (parseLoadBalancerArn(name)) return evaluateLoadBalancer(readers, name);
    if (parseStageArn(name)) return evaluateStage(readers, name);
    throw new OutOfScopeError(name, `${name} is neither an Application Load Balancer nor a REST API stage`);
  },
});
