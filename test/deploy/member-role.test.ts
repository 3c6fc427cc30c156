/** deploy/member-role.yml: the StackSet role the sweep worker assumes reads exactly what the rules read. */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ROOT } from './package.js';

const require = createRequire(import.meta.url);
const registry = require(join(ROOT, 'deploy/registry.cjs')) as { iamReadActions: string[] };

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string;
  Principal?: { AWS?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
}

interface RoleTemplate {
  Parameters: Record<string, { Default?: string; AllowedPattern?: string }>;
  Resources: Record<string, { Type: string; Properties: { RoleName: unknown; MaxSessionDuration: number; AssumeRolePolicyDocument: { Statement: Statement[] }; Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> } }>;
}

/** CloudFormation short tags (!Ref, !Sub, !GetAtt) read as `{ tag: value }`, enough for these checks. */
const tags = ['Ref', 'Sub', 'GetAtt'].map((name) => ({ tag: `!${name}`, resolve: (value: string) => ({ [name]: value }) }));

async function template(): Promise<RoleTemplate> {
  return YAML.parse(await readFile(join(ROOT, 'deploy/member-role.yml'), 'utf8'), { customTags: tags }) as RoleTemplate;
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('deploy/member-role.yml', () => {
  it('grants exactly the rules’ read actions (the registry’s union), on nothing but reads', async () => {
    const role = Object.values((await template()).Resources).find((r) => r.Type === 'AWS::IAM::Role');
    const granted = role!.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement).filter((s) => s.Effect === 'Allow').flatMap(actions);
    const wanted = registry.iamReadActions;
    // On failure: add the missing actions to (or drop the extra ones from) the role's RuleReads statement.
    expect({ missing: wanted.filter((a) => !granted.includes(a)), extra: granted.filter((a) => !wanted.includes(a)) }).toEqual({ missing: [], extra: [] });
    for (const action of granted) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|View|GET$)/);
  });

  it('trusts only the sweep worker’s role of the Preflight account, with the external id', async () => {
    const t = await template();
    const role = Object.values(t.Resources).find((r) => r.Type === 'AWS::IAM::Role')!;
    const [trust] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole' });
    expect(trust!.Condition).toEqual({
      StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
      ArnLike: { 'aws:PrincipalArn': { Sub: 'arn:${AWS::Partition}:iam::${PreflightAccountId}:role/${WorkerRoleNamePattern}' } },
    });
    // The worker role serverless-iam-roles-per-function names preflight-<stage>-sweepWorker-<region>-lambdaRole.
    const pattern = t.Parameters.WorkerRoleNamePattern!.Default!;
    const glob = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    expect('preflight-prod-sweepWorker-eu-west-1-lambdaRole').toMatch(glob);
    expect('preflight-prod-findingsApi-eu-west-1-lambdaRole').not.toMatch(glob);
    expect(role.Properties.RoleName).toEqual({ Ref: 'RoleName' });
    expect(t.Parameters.RoleName!.Default).toBe('PreflightAudit');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
  });
});
