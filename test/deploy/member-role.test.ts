/** deploy/member-role.yml: the StackSet role the sweep worker assumes reads exactly what the rules read. */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML, { type Tags } from 'yaml';
import { ROOT } from './package.js';

const require = createRequire(import.meta.url);
interface RegistryStatement {
  Effect: string;
  Action: string[];
  Resource: unknown;
}
const registry = require(join(ROOT, 'deploy/registry.cjs')) as { iamReadActions: string[]; ruleReads: RegistryStatement; ruleLimitedReads: RegistryStatement };

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: { AWS?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
}

interface RoleTemplate {
  Parameters: Record<string, { Default?: string; AllowedPattern?: string }>;
  Resources: Record<string, { Type: string; Properties: { RoleName: unknown; MaxSessionDuration: number; AssumeRolePolicyDocument: { Statement: Statement[] }; Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> } }>;
}

/** CloudFormation short tags read as the long form (`!Sub x` → `{ 'Fn::Sub': x }`), scalars and lists alike. */
const tags: Tags = ['Ref', 'Sub', 'GetAtt', 'Select', 'Split'].flatMap((name) => {
  const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }) },
  ];
});

async function template(): Promise<RoleTemplate> {
  return YAML.parse(await readFile(join(ROOT, 'deploy/member-role.yml'), 'utf8'), { customTags: tags }) as RoleTemplate;
}

async function role() {
  return Object.values((await template()).Resources).find((r) => r.Type === 'AWS::IAM::Role')!;
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('deploy/member-role.yml', () => {
  it('grants exactly the rules’ read actions (the registry’s union), on nothing but reads', async () => {
    const granted = (await role()).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement).filter((s) => s.Effect === 'Allow').flatMap(actions);
    const wanted = registry.iamReadActions;
    // On failure: add the missing actions to (or drop the extra ones from) the role's RuleReads statement.
    expect({ missing: wanted.filter((a) => !granted.includes(a)), extra: granted.filter((a) => !wanted.includes(a)) }).toEqual({ missing: [], extra: [] });
    for (const action of granted) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|View|GET$)/);
  });

  it('grants them on the resources the registry does: `*`, but apigateway:GET on REST APIs and stages only', async () => {
    const statements = (await role()).Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid);
    expect({ Effect: bySid('RuleReads')?.Effect, Action: bySid('RuleReads')?.Action, Resource: bySid('RuleReads')?.Resource }).toEqual(registry.ruleReads);
    expect({ Effect: bySid('RuleLimitedReads')?.Effect, Action: bySid('RuleLimitedReads')?.Action, Resource: bySid('RuleLimitedReads')?.Resource }).toEqual(registry.ruleLimitedReads);
    expect(registry.ruleLimitedReads.Action).toContain('apigateway:GET');
    expect(registry.ruleReads.Action).not.toContain('apigateway:GET');
    expect(statements).toHaveLength(2);
  });

  it('trusts exactly the sweep worker’s role (WorkerRoleArn), with the external id', async () => {
    const t = await template();
    const r = await role();
    expect(r.Properties.AssumeRolePolicyDocument.Statement).toHaveLength(1);
    const [trust] = r.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole' });
    // The worker's account, taken from the ARN (5th field), as principal...
    expect(trust!.Principal).toEqual({
      AWS: { 'Fn::Sub': ['arn:${AWS::Partition}:iam::${PreflightAccountId}:root', { PreflightAccountId: { 'Fn::Select': [4, { 'Fn::Split': [':', { Ref: 'WorkerRoleArn' }] }] } }] },
    });
    // ...and the role itself, exactly (no ArnLike, no wildcard), as condition.
    expect(trust!.Condition).toEqual({
      StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
      ArnEquals: { 'aws:PrincipalArn': { Ref: 'WorkerRoleArn' } },
    });
    const arnPattern = new RegExp(t.Parameters.WorkerRoleArn!.AllowedPattern!);
    expect('arn:aws:iam::123456789012:role/preflight-prod-sweepWorker-eu-west-1-lambdaRole').toMatch(arnPattern);
    expect('arn:aws-cn:iam::123456789012:role/path/preflight-prod-sweepWorker-cn-north-1-lambdaRole').toMatch(arnPattern);
    for (const loose of ['arn:aws:iam::123456789012:role/preflight-*-sweepWorker-*', 'arn:aws:iam::*:role/x', 'arn:aws:iam::123456789012:root', '123456789012']) {
      expect(loose, loose).not.toMatch(arnPattern);
    }
    expect(Object.keys(t.Parameters).sort()).toEqual(['ExternalId', 'RoleName', 'WorkerRoleArn']);
    expect(r.Properties.RoleName).toEqual({ Ref: 'RoleName' });
    expect(t.Parameters.RoleName!.Default).toBe('PreflightAudit');
    expect(r.Properties.MaxSessionDuration).toBe(3600);
  });
});
