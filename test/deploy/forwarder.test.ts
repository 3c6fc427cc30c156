/**
 * The us-east-1 forwarder (deploy/global-forwarder.yml) and the one-command deploy (deploy/deploy.mjs):
 * global rules' CloudTrail events reach the home region, and `npm run deploy` deploys both stacks.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { eventNamesBySource } from '../../src/shared/cloudtrail-router.js';
import { FORWARDER_PACKAGE, packagedOnce } from '../helpers/packaged.js';
import { asArray, asStrings, isObject, osls, type Packaged, refersTo, resourcesOfType, ROOT, roleStatements, type Template } from './package.js';

const DEPLOY_DIR = join(ROOT, 'deploy');
let packaged: Packaged;
let template: Template;
/** Where the refused packagings may write (the shared package directory stays as it is). */
let scratch: string;

beforeAll(async () => {
  // Shared with the other tests of this run that read the same package (cfn-lint, moto's EventBridge).
  packaged = await packagedOnce(FORWARDER_PACKAGE.args, FORWARDER_PACKAGE.cwd);
  template = packaged.template;
  scratch = await mkdtemp(join(tmpdir(), 'preflight-forwarder-'));
}, 240_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const HOME_BUS = { 'Fn::Sub': 'arn:${AWS::Partition}:events:eu-west-1:${AWS::AccountId}:event-bus/default' };

describe('global forwarder stack', () => {
  const rules = () => resourcesOfType(template, 'AWS::Events::Rule');

  it("forwards exactly the events the registry's global rules listen to", () => {
    const forwarded: Record<string, string[]> = {};
    for (const [, rule] of rules()) {
      const pattern = rule.Properties.EventPattern;
      const detail = isObject(pattern) && isObject(pattern.detail) ? pattern.detail : {};
      expect(isObject(pattern) && asStrings(pattern['detail-type'])).toEqual(['AWS API Call via CloudTrail']);
      const [source] = asStrings(detail.eventSource);
      forwarded[source!] = [...asStrings(detail.eventName)].sort();
    }
    const globalRules = RULES.filter((rule) => rule.global === true);
    expect(globalRules.length).toBeGreaterThan(0);
    expect(forwarded).toEqual(eventNamesBySource(globalRules));
    expect(Object.keys(forwarded)).toContain('budgets.amazonaws.com');
  });

  it('targets the home default bus through its role, with retries and a DLQ', () => {
    for (const [id, rule] of rules()) {
      const targets = asArray(rule.Properties.Targets).filter(isObject);
      expect(targets, id).toHaveLength(1);
      const [target] = targets;
      expect(target!.Arn, id).toEqual(HOME_BUS);
      expect(refersTo(target!.RoleArn), id).toBe('ForwarderRole');
      expect(target!.RetryPolicy, id).toBeDefined();
      const dlq = isObject(target!.DeadLetterConfig) ? refersTo(target!.DeadLetterConfig.Arn) : undefined;
      expect(dlq, id).toBe('ForwarderDeadLetterQueue');
    }
    expect(template.Resources.ForwarderDeadLetterQueue?.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('lets its role do one thing: put events on the home bus', () => {
    const role = template.Resources.ForwarderRole!;
    expect(roleStatements(role)).toEqual([{ Effect: 'Allow', actions: ['events:PutEvents'], resources: [HOME_BUS] }]);
  });

  it('lets EventBridge assume its role only on behalf of this account (aws:SourceAccount)', () => {
    const trust = template.Resources.ForwarderRole!.Properties.AssumeRolePolicyDocument;
    expect(isObject(trust) && trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });

  it('refuses to package without a home region, or for a us-east-1 home', async () => {
    const missing = await osls(['package', '--config', 'global-forwarder.yml', '--package', join(scratch, 'x')], DEPLOY_DIR);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout + missing.stderr).toContain('homeRegion');
    const useless = await osls(['package', '--config', 'global-forwarder.yml', '--param', 'homeRegion=us-east-1', '--package', join(scratch, 'y')], DEPLOY_DIR);
    expect(useless.code).not.toBe(0);
    expect(useless.stdout + useless.stderr).toContain('no forwarder is needed');
  }, 60_000);
});

interface Plan {
  stage: string;
  region: string;
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

describe('npm run deploy', () => {
  it('deploys the main stack, then the forwarder for a home region other than us-east-1', async () => {
    const { plan } = await deployPlan(['deploy', '--stage', 'prod', '--region', 'eu-west-1', '--param', 'alertEmail=ops@example.com', '--aws-profile', 'ops']);
    expect(plan.map((step) => step.stack)).toEqual(['main', 'global-forwarder']);
    expect(plan[0]!.args).toEqual(['deploy', '--stage', 'prod', '--region', 'eu-west-1', '--param', 'alertEmail=ops@example.com', '--aws-profile', 'ops']);
    expect(plan[1]!.args).toEqual([
      'deploy', '--config', 'global-forwarder.yml', '--stage', 'prod', '--region', 'us-east-1', '--param', 'homeRegion=eu-west-1', '--aws-profile', 'ops',
    ]);
  }, 60_000);

  it('deploys the main stack alone in us-east-1 (the default region)', async () => {
    const result = await deployPlan(['deploy', '--param', 'alertPhone=+15555550100']);
    expect(result.region).toBe('us-east-1');
    expect(result.stage).toBe('dev');
    expect(result.plan.map((step) => step.stack)).toEqual(['main']);
  }, 60_000);
});
