/**
 * Security of the packaged stack (the deploy tests' `osls package`, no AWS call): the findings API
 * answers only SigV4-signed (IAM) requests; every function has its own role that writes nowhere but
 * the stack's own resources; and the stack's own resources pass Preflight's own rules where they apply
 * (DynamoDB PITR, log retention, no admin or broad S3 grants), plus the encryption settings no rule of
 * the catalog covers (S3 and DynamoDB SSE, KMS on the topic, SSE on the queues, TLS-only bucket).
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredIamActions } from '../../src/cli/catalog.js';
import { resourceMatches } from '../../src/rules/iam/policy.js';
import { RULES, selectRules } from '../../src/rules/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { memoryApiProvider } from '../../src/cli/demo/memory-account/index.js';
import { asArray, isObject, type Json, type JsonObject, type Packaged, packageService, refersTo, type Template } from '../deploy/package.js';
import { STACK_ACCOUNT, STACK_REGION, StackView } from './support/template.js';
import { INDEX } from '#shared/store/keys.js';

/** The central bus's publishers of this packaging: two member accounts and their organization. */
const MEMBERS = ['111122223333', '444455556666'];
const ORGANIZATION = 'o-a1b2c3d4e5';

let packaged: Packaged;
let template: Template;
let stack: StackView;

beforeAll(async () => {
  packaged = await packageService([
    '--stage',
    'sec',
    '--region',
    STACK_REGION,
    '--param',
    'alertEmail=ops@example.com',
    '--param',
    'alertPhone=+15555550100',
    '--param',
    'securityHub=true',
    // Every option that grants more is on: X-Ray writes on `*` too.
    '--param',
    'tracing=true',
    '--param',
    `memberAccounts=${MEMBERS.join(',')}`,
    '--param',
    `organizationId=${ORGANIZATION}`,
  ]);
  template = packaged.template;
  stack = new StackView(template);
}, 600_000);
afterAll(async () => {
  if (packaged) await rm(packaged.dir, { recursive: true, force: true });
});

/** The functions that run rules: the only ones that read AWS and publish alerts. */
const RULE_RUNNING_FUNCTIONS = [
  'CloudtrailEventLambdaFunction',
  'ConfigRuleLambdaFunction',
  'FollowUpLambdaFunction',
  'ScheduledScanLambdaFunction',
  'SweepWorkerLambdaFunction',
];
const READ_VERBS = /^(Get|List|Describe|Query|Scan|BatchGet|Head|Lookup|View|Search|Select|Check)/;
/** Writes on `*`, each because the service has no resource-level permission for it. */
const STAR_WRITES: Record<string, string> = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
  'config:PutEvaluations': 'PutEvaluations has no resource-level permissions',
};

interface Grant {
  functionId: string;
  roleId: string;
  action: string;
  resources: Json[];
  condition?: Json;
}

function functions(): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([id]) => id);
}

function grants(): Grant[] {
  return functions().flatMap((functionId) => {
    const roleId = refersTo(template.Resources[functionId]!.Properties.Role) ?? '';
    const role = template.Resources[roleId];
    return asArray(role?.Properties.Policies).flatMap((policy) =>
      isObject(policy) && isObject(policy.PolicyDocument)
        ? asArray(policy.PolicyDocument.Statement)
            .filter(isObject)
            .filter((s) => s.Effect === 'Allow')
            .flatMap((s) =>
              asArray(s.Action).map((action) => ({ functionId, roleId, action: String(action), resources: asArray(s.Resource), condition: s.Condition })),
            )
        : [],
    );
  });
}

/** A resource of this stack: an intrinsic naming one of its logical ids, or a log group of its own functions. */
function ownedByStack(resource: Json): boolean {
  const id = refersTo(resource);
  if (id) return id in template.Resources;
  if (isObject(resource) && typeof resource['Fn::Sub'] === 'string') {
    const text = resource['Fn::Sub'];
    const refs = [...text.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z]+)?\}/g)].map((m) => m[1]!);
    if (refs.some((r) => r in template.Resources)) return true;
    // The function's own log group, or the account's own Security Hub product and hub.
    return /:log-group:\/aws\/lambda\/preflight-sec-[A-Za-z]+:/.test(text) || /:(product\/\$\{AWS::AccountId\}|hub)\/default$/.test(text);
  }
  return false;
}

describe('the findings API', () => {
  it('has every route IAM-authorized (SigV4), and no other way in (no function URL, no REST API, no public invoke)', () => {
    const routes = stack.ofType('AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) expect(route.properties.AuthorizationType, String(route.properties.RouteKey)).toBe('AWS_IAM');
    const types = new Set(Object.values(template.Resources).map((r) => r.Type));
    for (const forbidden of ['AWS::Lambda::Url', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Authorizer'])
      expect(types.has(forbidden), forbidden).toBe(false);
    for (const permission of stack.ofType('AWS::Lambda::Permission')) {
      expect(permission.properties.Principal).not.toBe('*');
      expect(Boolean(permission.properties.SourceArn) || Boolean(permission.properties.SourceAccount), permission.id).toBe(true);
      if (permission.properties.Principal === 'apigateway.amazonaws.com') {
        // Only this stack's HTTP API may invoke the function.
        expect(JSON.stringify(template.Resources[permission.id]?.Properties.SourceArn)).toContain('{"Ref":"HttpApi"}');
        expect(String(permission.properties.SourceArn)).toMatch(new RegExp(`^arn:aws:execute-api:${STACK_REGION}:${STACK_ACCOUNT}:`));
      }
    }
  });
});

describe('per-function least privilege', () => {
  it('gives every function a role of its own that only Lambda can assume', () => {
    const roles = functions().map((f) => refersTo(template.Resources[f]!.Properties.Role));
    expect(new Set(roles).size).toBe(functions().length);
    for (const roleId of roles) {
      const trust = stack.resolve(template.Resources[roleId ?? '']?.Properties.AssumeRolePolicyDocument) as JsonObject;
      expect(trust.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }]);
    }
  });

  it('never grants a wildcard action, IAM changes or role passing; assumes only named read-only roles', () => {
    for (const g of grants()) {
      expect(g.action, g.functionId).not.toMatch(/^\*$|:\*$/);
      expect(g.action, g.functionId).not.toMatch(/^iam:(?!Get|List)/);
      if (g.action === 'sts:AssumeRole') {
        // The fan-out worker's member-account role: one role name, never "any role".
        for (const resource of g.resources) expect(JSON.stringify(stack.resolve(resource)), g.functionId).toMatch(/:role\/[A-Za-z0-9+=,.@_-]+"$/);
      }
    }
  });

  it('lets apigateway:GET read REST APIs and their stages, never API key values or any other API Gateway path', () => {
    const gets = grants().filter((g) => g.action === 'apigateway:GET');
    expect(gets.map((g) => g.functionId).sort()).toEqual(RULE_RUNNING_FUNCTIONS);
    for (const g of gets) {
      const patterns = g.resources.map((r) => String(stack.resolve(r)));
      const reaches = (arn: string) => patterns.some((pattern) => resourceMatches(pattern, arn));
      // What the wafv2 rule reads: GetRestApis and GetStages, in any region.
      for (const arn of ['arn:aws:apigateway:eu-west-1::/restapis', 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages'])
        expect(reaches(arn), `${g.functionId} ${arn}`).toBe(true);
      const beyond = [
        'arn:aws:apigateway:eu-west-1::/apikeys',
        'arn:aws:apigateway:eu-west-1::/apikeys/k1a2b3',
        'arn:aws:apigateway:eu-west-1::/usageplans/u1/keys',
        'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod/exports/oas30',
        'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/resources',
        'arn:aws:apigateway:eu-west-1::/clientcertificates/c1',
        'arn:aws:apigateway:eu-west-1::/domainnames',
      ];
      for (const arn of beyond) expect(reaches(arn), `${g.functionId} ${arn}`).toBe(false);
    }
  });

  it('assumes member roles only in accounts of its own AWS Organization', () => {
    const assumes = grants().filter((g) => g.action === 'sts:AssumeRole');
    expect(assumes.map((g) => g.functionId).sort()).toEqual(['CloudtrailEventLambdaFunction', 'FollowUpLambdaFunction', 'SweepWorkerLambdaFunction']);
    for (const g of assumes) expect(stack.resolve(g.condition)).toEqual({ StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } });
  });

  it('writes only to the stack’s own resources (or on `*` where the service allows nothing narrower)', () => {
    const writes = grants().filter((g) => !READ_VERBS.test(g.action.split(':')[1] ?? '') && g.action !== 'apigateway:GET' && g.action !== 'sts:AssumeRole');
    expect(writes.length).toBeGreaterThan(0);
    for (const g of writes) {
      for (const resource of g.resources) {
        if (resource === '*') expect(Object.keys(STAR_WRITES), `${g.functionId} ${g.action} on *`).toContain(g.action);
        else expect(ownedByStack(resource), `${g.functionId} ${g.action} on ${JSON.stringify(resource)}`).toBe(true);
      }
    }
  });

  it('with securityHub=true, lets the five functions that run rules import into the account’s own product and set Workflow on its own hub, nothing else', () => {
    const securityHub = grants().filter((g) => g.action.startsWith('securityhub:'));
    const byFunction = new Map<string, string[]>();
    for (const g of securityHub) {
      byFunction.set(g.functionId, [...(byFunction.get(g.functionId) ?? []), g.action].sort());
      const arn = (g.resources.map((r) => stack.resolve(r)) as string[]).join(',');
      if (g.action === 'securityhub:BatchImportFindings')
        expect(arn).toBe(`arn:aws:securityhub:${STACK_REGION}:${STACK_ACCOUNT}:product/${STACK_ACCOUNT}/default`);
      else expect([g.action, arn]).toEqual(['securityhub:BatchUpdateFindings', `arn:aws:securityhub:${STACK_REGION}:${STACK_ACCOUNT}:hub/default`]);
    }
    expect(Object.fromEntries(byFunction)).toEqual(
      Object.fromEntries(RULE_RUNNING_FUNCTIONS.map((f) => [f, ['securityhub:BatchImportFindings', 'securityhub:BatchUpdateFindings']])),
    );
  });

  it('reads on `*` only the registry’s read actions, and only in functions that run rules', () => {
    const registry = new Set(requiredIamActions(RULES));
    const reads = grants().filter((g) => g.resources.includes('*') && !(g.action in STAR_WRITES));
    for (const g of reads) expect(registry.has(g.action), `${g.functionId} ${g.action}`).toBe(true);
    const api = grants().filter((g) => g.functionId === 'FindingsApiLambdaFunction');
    expect(
      api
        .filter((g) => g.resources.includes('*'))
        .map((g) => g.action)
        .sort(),
    ).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect([...new Set(api.filter((g) => g.action.startsWith('dynamodb:')).map((g) => g.action))].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
    ]);
  });

  it('lets the API Scan only the narrow summary index, never the table or the indexes holding whole findings', () => {
    const scans = grants().filter((g) => g.functionId === 'FindingsApiLambdaFunction' && g.action === 'dynamodb:Scan');
    expect(scans.flatMap((g) => g.resources)).toEqual([{ 'Fn::Sub': `\${FindingsTable.Arn}/index/${INDEX.summary}` }]);
  });
});

describe('the alert topic', () => {
  it('has a policy naming who may publish (the functions that run rules) and denying everyone else, services included', () => {
    const [topic] = stack.ofType('AWS::SNS::Topic');
    const policies = stack.ofType('AWS::SNS::TopicPolicy');
    expect(policies.map((p) => p.properties.Topics)).toEqual([[stack.resolve({ Ref: topic!.id })]]);
    const publishers = [
      ...new Set(
        grants()
          .filter((g) => g.action === 'sns:Publish')
          .map((g) => g.roleId),
      ),
    ]
      .map((id) => stack.resolve({ 'Fn::GetAtt': [id, 'Arn'] }))
      .sort();
    expect(publishers).toHaveLength(RULE_RUNNING_FUNCTIONS.length);
    const statements = asArray((policies[0]!.properties.PolicyDocument as JsonObject).Statement).filter(isObject);
    const sorted = (value: Json | undefined) => asArray(value).map(String).sort();
    const allow = statements.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({ Action: 'sns:Publish', Resource: stack.resolve({ Ref: topic!.id }) });
    expect(sorted((allow[0]!.Principal as JsonObject).AWS)).toEqual(publishers);
    const deny = statements.filter((s) => s.Effect === 'Deny');
    expect(deny).toHaveLength(1);
    expect(deny[0]).toMatchObject({ Principal: '*', Action: 'sns:Publish', Resource: stack.resolve({ Ref: topic!.id }) });
    expect(sorted(((deny[0]!.Condition as JsonObject).ArnNotEquals as JsonObject)['aws:PrincipalArn'])).toEqual(publishers);
    // No AWS service (CloudWatch alarms, Budgets, EventBridge) publishes: none is named.
    expect(JSON.stringify(statements)).not.toContain('"Service"');
  });
});

describe('the central event bus', () => {
  const policies = () => Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Events::EventBusPolicy');

  it('admits PutEvents from the configured member accounts and the organization only, on itself only', () => {
    const statements = policies().map(([id, p]) => [id, p.Condition, stack.resolve(p.Properties.Statement)]);
    const bus = `arn:aws:events:${STACK_REGION}:${STACK_ACCOUNT}:event-bus/preflight-sec`;
    expect(statements).toEqual([
      [
        'CentralEventBusPolicy',
        'HasMemberAccounts',
        { Effect: 'Allow', Principal: { AWS: MEMBERS.map((m) => `arn:aws:iam::${m}:root`) }, Action: 'events:PutEvents', Resource: bus },
      ],
      [
        'CentralEventBusOrganizationPolicy',
        'HasOrganizationId',
        { Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: bus, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION } } },
      ],
    ]);
    for (const [, p] of policies()) expect(refersTo(p.Properties.EventBusName)).toBe('CentralEventBus');
    // Both policies exist in this packaging (the params are set): their conditions compare a value with ''.
    expect(template.Conditions?.HasMemberAccounts).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [MEMBERS.join(','), ''] }] });
    expect(template.Conditions?.HasOrganizationId).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [ORGANIZATION, ''] }] });
  });

  it('is the only bus a rule of this stack reads besides the default one, and only cloudtrailEvent is its target', () => {
    const rules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventBusName !== undefined);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(refersTo(rule.Properties.EventBusName)).toBe('CentralEventBus');
      expect(asArray(rule.Properties.Targets).map((t) => (isObject(t) ? refersTo(t.Arn) : undefined))).toEqual(['CloudtrailEventLambdaFunction']);
    }
  });
});

describe("the stack's own resources", () => {
  it('are encrypted at rest and in transit where no rule of the catalog looks', () => {
    for (const bucket of stack.ofType('AWS::S3::Bucket')) {
      expect(bucket.properties.BucketEncryption, bucket.id).toMatchObject({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: expect.stringMatching(/AES256|aws:kms/) } }],
      });
    }
    const policies = stack.ofType('AWS::S3::BucketPolicy').map((p) => JSON.stringify(p.properties));
    expect(policies.every((p) => p.includes('"aws:SecureTransport":false') && p.includes('"Effect":"Deny"'))).toBe(true);
    for (const table of stack.ofType('AWS::DynamoDB::Table')) expect(table.properties.SSESpecification, table.id).toEqual({ SSEEnabled: true });
    for (const topic of stack.ofType('AWS::SNS::Topic')) expect(topic.properties.KmsMasterKeyId, topic.id).toBeTruthy();
    for (const queue of stack.ofType('AWS::SQS::Queue'))
      expect(queue.properties.SqsManagedSseEnabled === true || Boolean(queue.properties.KmsMasterKeyId), queue.id).toBe(true);
  });

  it("pass Preflight's own rules where they apply: PITR, log retention, no admin or broad S3 grants", async () => {
    const account = stack.memoryAccount();
    const result = await evaluate({ accountId: STACK_ACCOUNT, regions: [STACK_REGION], rules: selectRules(), apis: memoryApiProvider(account) });
    const verdict = (ruleId: string) =>
      result.findings.filter((f) => f.ruleId === ruleId && f.status !== 'NOT_APPLICABLE').map((f) => `${f.resourceName}: ${f.status} (${f.reason})`);
    const applicable = ['dynamodb-pitr-enabled', 'logs-retention-set', 'iam-no-admin-policy', 'iam-no-broad-s3-actions'];
    for (const ruleId of applicable) {
      const findings = result.findings.filter((f) => f.ruleId === ruleId);
      expect(findings.length, ruleId).toBeGreaterThan(0);
      for (const f of findings) expect(`${ruleId} ${f.resourceName}: ${f.status}`, f.reason).toBe(`${ruleId} ${f.resourceName}: PASS`);
    }
    expect(result.findings.filter((f) => f.ruleId === 'logs-retention-set')).toHaveLength(stack.ofType('AWS::Logs::LogGroup').length);
    expect(result.findings.filter((f) => f.ruleId === 'iam-no-admin-policy').length).toBeGreaterThanOrEqual(functions().length);
    // For the record (printed, not asserted): what the other rules say of the stack's resources.
    console.log('[template] other verdicts on the stack', {
      s3Versioning: verdict('s3-bucket-versioning-enabled'),
      s3Lifecycle: verdict('s3-bucket-lifecycle-configured'),
    });
  });
});
