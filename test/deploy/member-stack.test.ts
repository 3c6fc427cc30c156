/**
 * deploy/member-stack.yml, the StackSet every member account runs: it is what deploy/member-stack.cjs
 * generates from the registry (no drift), its role reads exactly what the rules read and trusts only the
 * Preflight readers, and its forwarding rules carry exactly the registry's CloudTrail patterns to the
 * central bus through a role that may do nothing else.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { RULES } from '../../src/rules/index.js';
import { eventNamesBySource } from '#shared/engine/cloudtrail-router.js';
import { asArray, eventNamesOfRules, isObject, type Json, refersTo, resourcesOfType, ROOT, roleStatements, type Template } from './package.js';

const require = createRequire(import.meta.url);
interface RegistryStatement {
  Effect: string;
  Action: string[];
  Resource: unknown;
}
const registry = require(join(ROOT, 'deploy/registry.cjs')) as {
  iamReadActions: string[];
  ruleReads: RegistryStatement;
  ruleLimitedReads: RegistryStatement;
  cloudTrailPatterns(rules: typeof RULES): Array<{ eventSource: string; pattern: Json }>;
};
const generator = require(join(ROOT, 'deploy/member-stack.cjs')) as { memberStackYaml(): string };

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: { AWS?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
}

type MemberTemplate = Template & { Parameters: Record<string, { Type: string; Default?: string; AllowedPattern?: string }> };

async function committed(): Promise<string> {
  return readFile(join(ROOT, 'deploy/member-stack.yml'), 'utf8');
}

async function template(): Promise<MemberTemplate> {
  return YAML.parse(await committed()) as MemberTemplate;
}

async function role() {
  const t = await template();
  const roles = resourcesOfType(t, 'AWS::IAM::Role').filter(([id]) => id !== 'ForwarderRole');
  expect(roles.map(([id]) => id)).toEqual(['PreflightAuditRole']);
  return roles[0]![1] as unknown as {
    Condition?: string;
    Properties: {
      RoleName: unknown;
      MaxSessionDuration: number;
      AssumeRolePolicyDocument: { Statement: Statement[] };
      Policies: Array<{ PolicyDocument: { Statement: Statement[] } }>;
    };
  };
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('deploy/member-stack.yml', () => {
  it('is what deploy/member-stack.cjs generates from the registry (run `npm run member-stack` when this fails)', async () => {
    expect(await committed()).toBe(generator.memberStackYaml());
  });
});

describe('deploy/member-stack.yml: the read-only role', () => {
  it('grants exactly the rules’ read actions (the registry’s union), on nothing but reads', async () => {
    const granted = (await role()).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement)
      .filter((s) => s.Effect === 'Allow')
      .flatMap(actions);
    const wanted = registry.iamReadActions;
    expect({ missing: wanted.filter((a) => !granted.includes(a)), extra: granted.filter((a) => !wanted.includes(a)) }).toEqual({ missing: [], extra: [] });
    for (const action of granted) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|View|GET$)/);
  });

  it('grants them on the resources the registry does: `*`, but apigateway:GET on REST APIs and stages only', async () => {
    const statements = (await role()).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid);
    expect({ Effect: bySid('RuleReads')?.Effect, Action: bySid('RuleReads')?.Action, Resource: bySid('RuleReads')?.Resource }).toEqual(registry.ruleReads);
    expect({ Effect: bySid('RuleLimitedReads')?.Effect, Action: bySid('RuleLimitedReads')?.Action, Resource: bySid('RuleLimitedReads')?.Resource }).toEqual(
      registry.ruleLimitedReads,
    );
    expect(registry.ruleLimitedReads.Action).toContain('apigateway:GET');
    expect(registry.ruleReads.Action).not.toContain('apigateway:GET');
    expect(statements).toHaveLength(2);
  });

  it('trusts exactly the reader roles (ReaderRoleArns), with the external id', async () => {
    const t = await template();
    const r = await role();
    expect(r.Properties.AssumeRolePolicyDocument.Statement).toHaveLength(1);
    const [trust] = r.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole' });
    // The readers' account, taken from the first ARN (5th field), as principal...
    const firstArn = { 'Fn::Select': [0, { Ref: 'ReaderRoleArns' }] };
    expect(trust!.Principal).toEqual({
      AWS: {
        'Fn::Sub': ['arn:${AWS::Partition}:iam::${PreflightAccountId}:root', { PreflightAccountId: { 'Fn::Select': [4, { 'Fn::Split': [':', firstArn] }] } }],
      },
    });
    // ...and the roles themselves, exactly (no ArnLike, no wildcard), as condition.
    expect(trust!.Condition).toEqual({
      StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
      ArnEquals: { 'aws:PrincipalArn': { Ref: 'ReaderRoleArns' } },
    });
    // CloudFormation matches a CommaDelimitedList's AllowedPattern against each of its values.
    expect(t.Parameters.ReaderRoleArns!.Type).toBe('CommaDelimitedList');
    const arnPattern = new RegExp(t.Parameters.ReaderRoleArns!.AllowedPattern!);
    expect('arn:aws:iam::123456789012:role/preflight-prod-sweepWorker-eu-west-1-lambdaRole').toMatch(arnPattern);
    expect('arn:aws:iam::123456789012:role/preflight-prod-cloudtrailEvent-eu-west-1-lambdaRole').toMatch(arnPattern);
    expect('arn:aws-cn:iam::123456789012:role/path/preflight-prod-sweepWorker-cn-north-1-lambdaRole').toMatch(arnPattern);
    const loose = [
      'arn:aws:iam::123456789012:role/preflight-*-sweepWorker-*',
      'arn:aws:iam::*:role/x',
      'arn:aws:iam::123456789012:root',
      '123456789012',
      'arn:aws:iam::123456789012:role/a,b',
    ];
    for (const arn of loose) expect(arn, arn).not.toMatch(arnPattern);
    expect(Object.keys(t.Parameters).sort()).toEqual(['CentralBusArn', 'ExternalId', 'ReaderRoleArns', 'RoleName', 'RoleRegion']);
    expect(r.Properties.RoleName).toEqual({ Ref: 'RoleName' });
    expect(t.Parameters.RoleName!.Default).toBe('PreflightAudit');
    expect(r.Properties.MaxSessionDuration).toBe(3600);
  });

  it('is created once, in the RoleRegion instance (IAM is global); the forwarding in every instance', async () => {
    const t = await template();
    expect(t.Parameters.RoleRegion!.Default).toBe('us-east-1');
    expect(t.Conditions).toEqual({ IsRoleRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'RoleRegion' }] } });
    expect((await role()).Condition).toBe('IsRoleRegion');
    const conditional = Object.entries(t.Resources)
      .filter(([, r]) => r.Condition !== undefined)
      .map(([id]) => id);
    expect(conditional).toEqual(['PreflightAuditRole']);
  });
});

describe('deploy/member-stack.yml: the forwarding rules', () => {
  const rulesOf = (t: Template) => resourcesOfType(t, 'AWS::Events::Rule');

  it("carry exactly the registry's CloudTrail patterns, one rule per event source", async () => {
    const t = await template();
    expect(eventNamesOfRules(t)).toEqual(eventNamesBySource(RULES));
    expect(rulesOf(t).map(([, r]) => r.Properties.EventPattern)).toEqual(registry.cloudTrailPatterns(RULES).map((p) => p.pattern));
  });

  it('target the central bus (CentralBusArn) through the forwarder role, with retries and the DLQ', async () => {
    const t = await template();
    expect(rulesOf(t).length).toBeGreaterThan(10);
    for (const [id, rule] of rulesOf(t)) {
      const targets = asArray(rule.Properties.Targets).filter(isObject);
      expect(targets, id).toHaveLength(1);
      expect(targets[0]!.Arn, id).toEqual({ Ref: 'CentralBusArn' });
      expect(refersTo(targets[0]!.RoleArn), id).toBe('ForwarderRole');
      expect(targets[0]!.RetryPolicy, id).toBeDefined();
      expect(isObject(targets[0]!.DeadLetterConfig) && refersTo(targets[0]!.DeadLetterConfig.Arn), id).toBe('ForwarderDeadLetterQueue');
    }
    expect(new RegExp(t.Parameters.CentralBusArn!.AllowedPattern!).test('arn:aws:events:eu-west-1:123456789012:event-bus/preflight-prod')).toBe(true);
    expect(new RegExp(t.Parameters.CentralBusArn!.AllowedPattern!).test('arn:aws:events:eu-west-1:123456789012:event-bus/*')).toBe(false);
  });

  it('use a role that may only put events on the central bus, assumable by EventBridge for this account only', async () => {
    const forwarder = (await template()).Resources.ForwarderRole!;
    expect(roleStatements(forwarder)).toEqual([{ Effect: 'Allow', actions: ['events:PutEvents'], resources: [{ Ref: 'CentralBusArn' }] }]);
    const trust = forwarder.Properties.AssumeRolePolicyDocument;
    expect(isObject(trust) && trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });

  it('dead-letter to an encrypted queue only EventBridge, for exactly these rules, may write to', async () => {
    const t = await template();
    expect(t.Resources.ForwarderDeadLetterQueue!.Properties.SqsManagedSseEnabled).toBe(true);
    const policy = t.Resources.ForwarderDeadLetterQueuePolicy!.Properties.PolicyDocument;
    const statements = isObject(policy) ? asArray(policy.Statement).filter(isObject) : [];
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' });
    const condition = statements[0]!.Condition;
    const arns = isObject(condition) && isObject(condition.ArnEquals) ? asArray(condition.ArnEquals['aws:SourceArn']) : [];
    expect(arns.map(refersTo).sort()).toEqual(
      rulesOf(t)
        .map(([id]) => id)
        .sort(),
    );
  });
});
