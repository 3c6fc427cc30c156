/**
 * The regional forwarders (deploy/regional-forwarder.yml) and the one-command deploy (deploy/deploy.mjs):
 * the CloudTrail events of every scanned region other than home, and the global rules' events of us-east-1,
 * reach the main stack's central bus; `npm run deploy` deploys the main stack and every forwarder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/rules/define-rule.js';
import { RULES } from '../../src/rules/index.js';
import { eventNamesBySource } from '#shared/engine/cloudtrail-router.js';
import { FORWARDER_PACKAGE, packagedOnce, REGIONAL_FORWARDER_PACKAGE } from '../helpers/packaged.js';
import { asArray, eventNamesOfRules, isObject, type Json, osls, refersTo, resourcesOfType, ROOT, roleStatements, type Template } from './package.js';

const require = createRequire(import.meta.url);
const registry = require(join(ROOT, 'deploy/registry.cjs')) as { cloudTrailPatterns(rules: readonly Rule[]): Array<{ eventSource: string; pattern: Json }> };

const DEPLOY_DIR = join(ROOT, 'deploy');
const GLOBAL_RULES = RULES.filter((rule) => rule.global === true);
/** The main stack's central bus, stage `test`, homed in eu-west-1: the only target and the only grant. */
const CENTRAL_BUS = { 'Fn::Sub': 'arn:${AWS::Partition}:events:eu-west-1:${AWS::AccountId}:event-bus/preflight-test' };

const stacks: Record<'scanned' | 'usEast1', Template> = {} as Record<'scanned' | 'usEast1', Template>;
/** Where the refused packagings may write (the shared package directory stays as it is). */
let scratch: string;

beforeAll(async () => {
  // Shared with the other tests of this run that read the same package (cfn-lint, moto's EventBridge).
  const [scanned, usEast1] = await Promise.all([
    packagedOnce(REGIONAL_FORWARDER_PACKAGE.args, REGIONAL_FORWARDER_PACKAGE.cwd),
    packagedOnce(FORWARDER_PACKAGE.args, FORWARDER_PACKAGE.cwd),
  ]);
  stacks.scanned = scanned.template;
  stacks.usEast1 = usEast1.template;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-forwarder-'));
}, 600_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const rulesOf = (template: Template) => resourcesOfType(template, 'AWS::Events::Rule');

describe.each([
  { stack: 'scanned' as const, what: 'a scanned region (eu-central-1): every rule', rules: RULES },
  { stack: 'usEast1' as const, what: 'us-east-1, not scanned: the global rules', rules: GLOBAL_RULES },
])('regional forwarder of $what', ({ stack, rules }) => {
  it("forwards exactly the registry's CloudTrail patterns of those rules, one rule per event source", () => {
    const template = stacks[stack];
    expect(rules.length).toBeGreaterThan(0);
    expect(eventNamesOfRules(template)).toEqual(eventNamesBySource(rules));
    // The whole pattern (sources, detail-types...), as the main stack's own rules have it.
    const patterns = rulesOf(template).map(([, rule]) => rule.Properties.EventPattern);
    expect(patterns).toEqual(registry.cloudTrailPatterns(rules).map((p) => p.pattern));
  });

  it('targets the central bus through its role, with retries and a DLQ', () => {
    for (const [id, rule] of rulesOf(stacks[stack])) {
      const targets = asArray(rule.Properties.Targets).filter(isObject);
      expect(targets, id).toHaveLength(1);
      const [target] = targets;
      expect(target!.Arn, id).toEqual(CENTRAL_BUS);
      expect(refersTo(target!.RoleArn), id).toBe('ForwarderRole');
      expect(target!.RetryPolicy, id).toBeDefined();
      const dlq = isObject(target!.DeadLetterConfig) ? refersTo(target!.DeadLetterConfig.Arn) : undefined;
      expect(dlq, id).toBe('ForwarderDeadLetterQueue');
    }
    expect(stacks[stack].Resources.ForwarderDeadLetterQueue?.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('lets its role do one thing: put events on the central bus', () => {
    expect(roleStatements(stacks[stack].Resources.ForwarderRole!)).toEqual([{ Effect: 'Allow', actions: ['events:PutEvents'], resources: [CENTRAL_BUS] }]);
    expect(resourcesOfType(stacks[stack], 'AWS::IAM::Role').map(([id]) => id)).toEqual(['ForwarderRole']);
  });

  it('lets EventBridge assume its role only on behalf of this account (aws:SourceAccount)', () => {
    const trust = stacks[stack].Resources.ForwarderRole!.Properties.AssumeRolePolicyDocument;
    expect(isObject(trust) && trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });
});

describe('regional forwarder, refused', () => {
  it.each([
    { why: 'no home region', params: ['--region', 'eu-central-1'], says: 'homeRegion' },
    { why: 'the home region itself', params: ['--region', 'eu-west-1', '--param', 'homeRegion=eu-west-1'], says: 'no forwarder is needed' },
    {
      why: 'global rules only outside us-east-1',
      params: ['--region', 'eu-central-1', '--param', 'homeRegion=eu-west-1', '--param', 'forwardedRules=global'],
      says: 'forwardedRules',
    },
    {
      why: 'an unknown rule set',
      params: ['--region', 'us-east-1', '--param', 'homeRegion=eu-west-1', '--param', 'forwardedRules=some'],
      says: 'forwardedRules',
    },
  ])(
    'refuses to package for $why',
    async ({ params, says }) => {
      const run = await osls(['package', '--config', 'regional-forwarder.yml', ...params, '--package', join(scratch, says.replace(/\W/g, ''))], DEPLOY_DIR);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toContain(says);
    },
    60_000,
  );
});

interface Plan {
  stage: string;
  region: string;
  scanRegions: string[];
  plan: Array<{ stack: string; cwd: string; args: string[] }>;
}

function deployPlan(args: string[]): Promise<Plan> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(ROOT, 'deploy/deploy.mjs'), ...args, '--print-plan'], { cwd: ROOT }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Plan);
    });
  });
}

const forwarderArgs = (region: string, home: string, rules: 'all' | 'global', ...more: string[]) => [
  'deploy',
  '--config',
  'regional-forwarder.yml',
  '--stage',
  'prod',
  '--region',
  region,
  '--param',
  `homeRegion=${home}`,
  '--param',
  `forwardedRules=${rules}`,
  ...more,
];

describe('npm run deploy', () => {
  it('deploys the main stack, then a forwarder in every other scanned region (us-east-1 with everything)', async () => {
    const args = ['deploy', '--stage', 'prod', '--region', 'eu-west-1', '--param', 'scanRegions=eu-west-1,eu-central-1,us-east-1', '--aws-profile', 'ops'];
    const { plan, scanRegions } = await deployPlan(args);
    expect(scanRegions).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(plan.map((step) => step.stack)).toEqual(['main', 'regional-forwarder-eu-central-1', 'regional-forwarder-us-east-1']);
    expect(plan[0]!.args).toEqual(args);
    expect(plan[1]!.args).toEqual(forwarderArgs('eu-central-1', 'eu-west-1', 'all', '--aws-profile', 'ops'));
    expect(plan[2]!.args).toEqual(forwarderArgs('us-east-1', 'eu-west-1', 'all', '--aws-profile', 'ops'));
    expect(plan[1]!.cwd).toBe(`${DEPLOY_DIR}/`);
  }, 60_000);

  it('deploys a us-east-1 forwarder of the global rules when us-east-1 is not scanned', async () => {
    const { plan } = await deployPlan(['deploy', '--stage', 'prod', '--region', 'eu-west-1', '--param', 'alertEmail=ops@example.com']);
    expect(plan.map((step) => step.stack)).toEqual(['main', 'regional-forwarder-us-east-1']);
    expect(plan[1]!.args).toEqual(forwarderArgs('us-east-1', 'eu-west-1', 'global'));
  }, 60_000);

  it('deploys the main stack alone in us-east-1 (the default region) scanning its home only', async () => {
    const result = await deployPlan(['deploy', '--param', 'alertPhone=+15555550100']);
    expect(result.region).toBe('us-east-1');
    expect(result.stage).toBe('dev');
    expect(result.plan.map((step) => step.stack)).toEqual(['main']);
  }, 60_000);

  it('forwards from the other scanned regions of a us-east-1 home, each once', async () => {
    const { plan } = await deployPlan(['package', '--stage', 'prod', '--param=scanRegions=us-east-1,eu-west-1,eu-west-1']);
    expect(plan.map((step) => step.stack)).toEqual(['main', 'regional-forwarder-eu-west-1']);
    expect(plan[1]!.args).toEqual(['package', ...forwarderArgs('eu-west-1', 'us-east-1', 'all').slice(1)]);
  }, 60_000);
});
