/**
 * Each rule's AWS calls stay within its iamActions (and iamResources): the deployed roles are derived from
 * those, so a call a rule does not declare is an AccessDenied ERROR in production only. Every rule runs
 * through the real readers and the real SDK clients, whose `send` is stubbed to record each command and
 * answer it from the demo's sample account; SDK_IAM_ACTIONS (test/helpers/iam-actions.ts) says what each
 * command costs, and is itself checked against every command the AwsApis implementations can send.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGIONS, sampleAccount } from '../../src/cli/demo/sample-account.js';
import type { BoundRule, Rule } from '../../src/rules/define-rule.js';
import { findRule, RULES } from '../../src/rules/index.js';
import { awsApiProvider } from '#shared/aws/clients.js';
import { type AwsApis, createReaders } from '#shared/aws/readers.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate } from '#shared/engine/engine.js';
import { type MemoryAccount, memoryApiProvider } from '../../src/cli/demo/memory-account/index.js';
import { type ApiCall, actionsOf, commandOfMethod, SDK_IAM_ACTIONS, undeclared } from '../helpers/iam-actions.js';

const SRC = join(import.meta.dirname, '../../src');
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' };

interface SdkClient {
  constructor: { name: string };
  config: { region: string | (() => Promise<string>) };
}
interface SdkCommand {
  constructor: { name: string };
  input: unknown;
}
type Send = (this: SdkClient, command: SdkCommand) => Promise<unknown>;

// Every SDK client extends the same smithy Client: stubbing its `send` stubs every client's.
const clientPrototype = Object.getPrototypeOf(S3Client.prototype) as { send: Send };
const stubSend = (fake: Send) => vi.spyOn(clientPrototype, 'send').mockImplementation(fake as never);

const regionOf = async (client: SdkClient) => (typeof client.config.region === 'function' ? client.config.region() : client.config.region);
const operationOf = (command: SdkCommand) => command.constructor.name.replace(/Command$/, '');

/** Calls every AwsApis method once and records which client and command each one sends. */
async function probeAwsApis(): Promise<Array<{ service: string; method: string; client: string; commands: string[] }>> {
  let sent: Array<{ client: string; command: string }> = [];
  stubSend(async function (command) {
    sent.push({ client: this.constructor.name, command: operationOf(command) });
    return {};
  });
  const apis = awsApiProvider({ credentials: CREDENTIALS, maxAttempts: 1 })('us-east-1');
  const probed = [];
  for (const [service, load] of Object.entries(apis)) {
    const api = await load();
    for (const [method, call] of Object.entries(api as unknown as Record<string, (input: unknown) => Promise<unknown>>)) {
      sent = [];
      await call({});
      probed.push({ service, method, client: sent[0]?.client ?? '(none)', commands: sent.map((s) => s.command) });
    }
  }
  return probed;
}

afterEach(() => vi.restoreAllMocks());

describe('SDK_IAM_ACTIONS', () => {
  it('lists exactly the commands the AwsApis implementations send, one per method, named after it', async () => {
    const probed = await probeAwsApis();
    expect(probed.length).toBeGreaterThan(40);
    // `recordingApis` (runRule) relies on this: a method sends the one command of its own name.
    expect(probed.filter((p) => p.commands.length !== 1 || p.commands[0] !== commandOfMethod(p.method))).toEqual([]);
    const sent = probed.map((p) => `${p.service} ${p.commands[0]}`).sort();
    const listed = Object.entries(SDK_IAM_ACTIONS)
      .flatMap(([service, commands]) => Object.keys(commands).map((c) => `${service} ${c}`))
      .sort();
    // On failure: add the command's IAM actions to (or drop it from) test/helpers/iam-actions.ts.
    expect({ missing: sent.filter((c) => !listed.includes(c)), stale: listed.filter((c) => !sent.includes(c)) }).toEqual({ missing: [], stale: [] });
  });

  it('knows every command in the command map of every service (services/<svc>/sdk.ts)', async () => {
    const files = (await readdir(SRC, { recursive: true })).filter((f) => /(^|\/)services\/[a-z0-9]+\/sdk\.ts$/.test(f)).map((f) => join(SRC, f));
    expect(files.length).toBe(Object.keys(SDK_IAM_ACTIONS).length);
    const inMaps: string[] = [];
    for (const file of files) {
      const map = /const COMMANDS = \{([^}]*)\}/.exec(await readFile(file, 'utf8'))?.[1];
      expect(map, `${file} declares no COMMANDS map`).toBeDefined();
      inMaps.push(...[...(map ?? '').matchAll(/(\w+)Command\b/g)].map((m) => m[1]!));
    }
    const known = new Set(Object.values(SDK_IAM_ACTIONS).flatMap((commands) => Object.keys(commands)));
    expect(inMaps.filter((c) => !known.has(c))).toEqual([]);
    expect(new Set(inMaps).size).toBe(known.size);
  });

  it('maps the commands whose action is not their own name', () => {
    const only = (service: keyof AwsApis, command: string) => [...actionsOf([{ service, command, region: 'eu-west-1', input: {} }])];
    expect(only('s3', 'ListBuckets')).toEqual(['s3:ListAllMyBuckets']);
    expect(only('s3', 'GetBucketLifecycleConfiguration')).toEqual(['s3:GetLifecycleConfiguration']);
    expect(only('s3', 'GetBucketReplication')).toEqual(['s3:GetReplicationConfiguration']);
    expect(only('budgets', 'DescribeNotificationsForBudget')).toEqual(['budgets:ViewBudget']);
    expect(only('elbv2', 'DescribeLoadBalancers')).toEqual(['elasticloadbalancing:DescribeLoadBalancers']);
    expect(only('wafv2', 'GetWebACLForResource')).toEqual(['wafv2:GetWebACLForResource', 'wafv2:GetWebACL']);
    expect(only('apigateway', 'GetStages')).toEqual(['apigateway:GET']);
  });
});

describe('undeclared', () => {
  const versioning = findRule('s3-bucket-versioning-enabled')!;
  const wafRule = findRule('wafv2-webacl-associated')!;
  const call = (service: string, command: string, input: unknown = {}): ApiCall => ({ service, command, region: 'eu-west-1', input });

  it('names the rule, the command and the missing action', () => {
    const lacking = { ...versioning, iamActions: versioning.iamActions.filter((a) => a !== 's3:GetBucketVersioning') };
    expect(undeclared(lacking, [call('s3', 'ListBuckets'), call('s3', 'GetBucketVersioning', { Bucket: 'b' })])).toEqual([
      'rule s3-bucket-versioning-enabled calls s3 GetBucketVersioning, which needs s3:GetBucketVersioning: missing from its iamActions',
    ]);
    expect(undeclared(versioning, [call('s3', 'ListBuckets'), call('s3', 'GetBucketVersioning')])).toEqual([]);
  });

  it('holds a limited action to its iamResources: GetStages of an API, never /apikeys', () => {
    expect(undeclared(wafRule, [call('apigateway', 'GetRestApis'), call('apigateway', 'GetStages', { restApiId: 'a1' })])).toEqual([]);
    const narrower = { ...wafRule, iamResources: { 'apigateway:GET': ['arn:aws:apigateway:*::/restapis'] } };
    expect(undeclared(narrower, [call('apigateway', 'GetStages', { restApiId: 'a1' })])).toEqual([
      'rule wafv2-webacl-associated calls apigateway GetStages, which needs apigateway:GET on arn:aws:apigateway:eu-west-1::/restapis/a1/stages: outside its iamResources (arn:aws:apigateway:*::/restapis)',
    ]);
  });

  it('refuses a command the table does not know', () => {
    expect(() => undeclared(versioning, [call('s3', 'GetObject')])).toThrow('s3 GetObject is not in SDK_IAM_ACTIONS');
  });
});

/** What the sample lacks for some rules to reach every call they declare. */
function enriched(account: MemoryAccount): MemoryAccount {
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  account.iam.users.push({ name: 'oncall-break-glass', inlinePolicies: { 'break-glass': allowAll } });
  account.iam.groups.push({ name: 'admins', inlinePolicies: { everything: allowAll } });
  // With custom event selectors, the multi-region trail's management events take a GetEventSelectors.
  for (const trail of Object.values(account.regions).flatMap((r) => r.cloudtrail.trails)) {
    if (trail.multiRegion)
      trail.eventSelectors = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
  }
  return account;
}

/** Params that take a rule down a path its defaults do not (tag-scoped buckets read tags). */
const PARAM_VARIANTS: Readonly<Record<string, unknown>> = {
  's3-bucket-mfa-delete-enabled': { tagKey: 'backup' },
  's3-bucket-lifecycle-configured': { tagKey: 'data-class' },
};

/**
 * Actions a rule declares that no run here calls (each with a comment saying why). Not a risk (the role reads
 * a little more than needed) but usually a gap of `enriched` or PARAM_VARIANTS: close it there rather than here.
 */
const DECLARED_NOT_CALLED: Readonly<Record<string, readonly string[]>> = {};

describe('every rule over the sample account, through the SDK clients', () => {
  let calls: ApiCall[] = [];

  beforeEach(async () => {
    const serviceOfClient = new Map((await probeAwsApis()).map((p) => [p.client, p.service]));
    vi.restoreAllMocks();
    const memory = memoryApiProvider(enriched(sampleAccount()));
    stubSend(async function (command) {
      const service = serviceOfClient.get(this.constructor.name);
      if (!service) throw new Error(`no AwsApis service uses ${this.constructor.name}`);
      const region = await regionOf(this);
      const operation = operationOf(command);
      calls.push({ service, command: operation, region, input: command.input });
      const api = (await memory(region)[service as keyof AwsApis]()) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
      return api[operation.charAt(0).toLowerCase() + operation.slice(1)]!(command.input);
    });
  });

  const apis = () => awsApiProvider({ credentials: CREDENTIALS, maxAttempts: 1 });

  /** A sweep of the sample regions, then each listed resource alone (as an event would), each in a fresh session. */
  async function callsOf(rule: Rule, params?: unknown): Promise<ApiCall[]> {
    calls = [];
    const bound: BoundRule = rule.bind(params);
    await evaluate({ accountId: SAMPLE_ACCOUNT_ID, regions: SAMPLE_REGIONS, rules: [bound], apis: apis() });
    if (bound.scope === 'resource') {
      for (const region of rule.global ? ['us-east-1'] : SAMPLE_REGIONS) {
        const readers = createReaders({ apis: apis(), session: new ScanSession(), region, accountId: SAMPLE_ACCOUNT_ID });
        const ctx = { accountId: SAMPLE_ACCOUNT_ID, region, partition: 'aws', params: bound.params, now: new Date() };
        for (const name of await bound.resources(readers, ctx)) {
          await evaluate({ accountId: SAMPLE_ACCOUNT_ID, regions: [region], rules: [bound], apis: apis(), target: { region, resourceNames: [name] } });
        }
      }
    }
    return calls;
  }

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s calls only what it declares, and all of it', async (id, rule) => {
    const made = [...(await callsOf(rule)), ...(id in PARAM_VARIANTS ? await callsOf(rule, PARAM_VARIANTS[id]) : [])];
    expect(made.length).toBeGreaterThan(0);
    // On failure: add the action to the rule's iamActions (then `npm run docs` regenerates deploy/member-stack.yml), or stop the call.
    expect(undeclared(rule, made)).toEqual([]);
    const called = actionsOf(made);
    expect(rule.iamActions.filter((action) => !called.has(action))).toEqual(DECLARED_NOT_CALLED[id] ?? []);
  });
});
