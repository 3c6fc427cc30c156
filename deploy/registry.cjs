/**
 * What the deployment derives from the rule registry, so serverless.yml, deploy/regional-forwarder.yml and
 * deploy/member-stack.yml never list an IAM action or a CloudTrail event name by hand (src/rules/index.ts stays the one list).
 *
 * Used as `${file(./deploy/registry.cjs):<export>}` by osls and required by test/deploy/. The registry is
 * TypeScript (ESM), so it is bundled once with esbuild into a self-contained CommonJS module in memory
 * and compiled here: no temp file, no network, no AWS credentials.
 */
'use strict';

const Module = require('node:module');
const path = require('node:path');
const { buildSync } = require('esbuild');

const root = path.resolve(__dirname, '..');

/** The only CloudWatch-style alias: CloudTrail-delivered CloudWatch events are documented under both sources. */
const EXTRA_EVENTBRIDGE_SOURCES = { 'monitoring.amazonaws.com': ['aws.cloudwatch'] };

/** EventBridge delivers CloudTrail events of global services in us-east-1 only. */
const GLOBAL_EVENT_REGION = 'us-east-1';

const EVENTS_DLQ = { 'Fn::GetAtt': ['EventsDeadLetterQueue', 'Arn'] };
/** The main stack's custom bus, where forwarders of other regions and member accounts put their events. */
const CENTRAL_BUS_NAME = { 'Fn::GetAtt': ['CentralEventBus', 'Name'] };
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

let loaded;

/** RULES, eventNamesBySource and the store's TTL attribute, from the TypeScript sources. */
function load() {
  if (loaded) return loaded;
  const filename = path.join(root, 'deploy', '.registry.bundle.cjs');
  const out = buildSync({
    stdin: {
      contents: [
        "export { RULES } from './src/rules/index.ts';",
        "export { eventNamesBySource, detailTypesBySource } from './src/shared/engine/cloudtrail-router.ts';",
        "export { TTL_ATTRIBUTE } from './src/shared/store/keys.ts';",
        "export { readGrants } from './src/rules/iam-grants.ts';",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'deploy-registry-entry.ts',
      loader: 'ts',
    },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  // Compiled in memory under a path inside the repository (never written), so any require resolves there.
  const compiled = new Module(filename, module);
  compiled.filename = filename;
  compiled.paths = Module._nodeModulePaths(path.dirname(filename));
  compiled._compile(out.outputFiles[0].text, filename);
  loaded = compiled.exports;
  return loaded;
}

function sorted(values) {
  return [...new Set(values)].sort();
}

/** Union of the rules' read-only IAM actions (every rule-running function runs every rule). */
function readActionsFor(rules) {
  return sorted(rules.flatMap((rule) => rule.iamActions));
}

/** An `arn:aws:` pattern of the registry in the deployed stack's partition. */
function inStackPartition(arn) {
  return { 'Fn::Sub': arn.replace(/^arn:aws:/, 'arn:${AWS::Partition}:') };
}

/** The rule-running roles' statement of reads on `*`: every rule action no rule limits to some resources. */
function ruleReadsStatement(rules) {
  const [onEverything] = load().readGrants(rules);
  return { Effect: 'Allow', Action: onEverything.actions, Resource: '*' };
}

/**
 * The reads the rules limit to some resources (`apigateway:GET` on REST APIs and stages), as one
 * statement: the resources of each action name its own service, so actions of different services cannot
 * use each other's. Two limited actions of one service with different resources would, so that is refused.
 */
function ruleLimitedReadsStatement(rules) {
  const limited = load().readGrants(rules).slice(1);
  if (limited.length === 0) throw new Error('no rule limits an action to some resources: drop ruleLimitedReads from serverless.yml');
  const services = limited.map((g) => new Set(g.actions.map((a) => a.split(':')[0])));
  services.forEach((mine, i) => {
    const shared = services.slice(i + 1).find((other) => [...mine].some((svc) => other.has(svc)));
    if (shared) throw new Error(`limited reads of one service on different resources (${limited[i].actions.join(', ')}): give each its own statement`);
  });
  return {
    Effect: 'Allow',
    Action: sorted(limited.flatMap((g) => g.actions)),
    Resource: sorted(limited.flatMap((g) => g.resources)).map(inStackPartition),
  };
}

/** `s3.amazonaws.com` → `['aws.s3']` (plus documented aliases). */
function eventBridgeSources(eventSource) {
  return [`aws.${eventSource.split('.')[0]}`, ...(EXTRA_EVENTBRIDGE_SOURCES[eventSource] ?? [])];
}

/**
 * One EventBridge pattern per CloudTrail event source, from the rules' triggers: API calls, and also
 * "AWS Service Event via CloudTrail" for a source some trigger reads service events of (rotations).
 */
function cloudTrailPatterns(rules) {
  const { eventNamesBySource, detailTypesBySource } = load();
  const detailTypes = detailTypesBySource(rules);
  return Object.entries(eventNamesBySource(rules)).map(([eventSource, eventNames]) => ({
    eventSource,
    pattern: {
      source: eventBridgeSources(eventSource),
      'detail-type': detailTypes[eventSource],
      detail: { eventSource: [eventSource], eventName: eventNames },
    },
  }));
}

/** Rules whose events reach EventBridge only in us-east-1: global rules (Budgets, billing alarms, IAM...). */
function globalRules() {
  return load().RULES.filter((rule) => rule.global === true);
}

/**
 * `cloudtrailEvent`'s events: one EventBridge rule per event source on the home region's default bus (this
 * account's own calls there), and the same on the central bus (calls forwarded from the other scanned regions
 * and from member accounts). Retried, with a DLQ.
 */
function cloudTrailEvents() {
  const patterns = cloudTrailPatterns(load().RULES);
  const rule =
    (where, eventBus) =>
    ({ eventSource, pattern }) => ({
      eventBridge: {
        ...(eventBus ? { eventBus } : {}),
        description: `Preflight: CloudTrail ${eventSource} calls ${where} that can change a rule's verdict (generated from src/rules/index.ts)`,
        pattern,
        retryPolicy: { maximumEventAge: 3600, maximumRetryAttempts: 10 },
        deadLetterQueueArn: EVENTS_DLQ,
      },
    });
  return [...patterns.map(rule('in the home region')), ...patterns.map(rule('forwarded to the central bus', CENTRAL_BUS_NAME))];
}

/**
 * Forwarding rules (`ForwardRule1`...): one per event source of `patterns`, each sending its events to
 * `targetArn` through the role `roleId`, retried, then to the DLQ `dlqId` (in the rule's own region).
 */
function forwardingRules(patterns, { describe, targetArn, roleId = 'ForwarderRole', dlqId = 'ForwarderDeadLetterQueue' }) {
  const resources = {};
  patterns.forEach(({ eventSource, pattern }, index) => {
    resources[`ForwardRule${index + 1}`] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `Preflight: forward ${eventSource} CloudTrail calls ${describe} (generated from src/rules/index.ts)`,
        State: 'ENABLED',
        EventPattern: pattern,
        Targets: [
          {
            Id: 'central-event-bus',
            Arn: targetArn,
            RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
            RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
          },
        ],
      },
    };
  });
  return resources;
}

/** The rules whose events a forwarder in `region` carries: all (a scanned region) or the global rules only. */
function forwardedRules(forwarded, region) {
  if (forwarded === 'all') return load().RULES;
  if (forwarded === 'global' && region === GLOBAL_EVENT_REGION) return globalRules();
  throw new Error(
    `--param forwardedRules must be "all" (a scanned region) or, in ${GLOBAL_EVENT_REGION} only, "global" (got "${forwarded ?? ''}" in ${region})`,
  );
}

/**
 * The forwarding rules of deploy/regional-forwarder.yml: in a region of the home account other than the home
 * region, the rules' CloudTrail events → the central bus of the main stack of the same stage.
 */
function forwarderResources({ resolveVariable }) {
  return (async () => {
    const [homeRegion, region, forwarded, stage] = await Promise.all(
      ['param:homeRegion', 'self:provider.region', 'param:forwardedRules', 'sls:stage'].map((name) => resolveVariable(name)),
    );
    if (!REGION.test(homeRegion ?? '')) {
      throw new Error(`--param homeRegion=<region> must name the main stack's region (got "${homeRegion ?? ''}")`);
    }
    if (homeRegion === region) {
      throw new Error(`the main stack runs in ${region}: its own rules read this region's events, no forwarder is needed`);
    }
    const bus = `arn:\${AWS::Partition}:events:${homeRegion}:\${AWS::AccountId}:event-bus/preflight-${stage}`;
    return forwardingRules(cloudTrailPatterns(forwardedRules(forwarded, region)), {
      describe: `to the central bus in ${homeRegion}`,
      targetArn: { 'Fn::Sub': bus },
    });
  })();
}

/** The comma list of a param, each entry checked by `pattern` (an empty param is an empty list). */
async function listParam(resolveVariable, name, pattern, what) {
  const value = (await resolveVariable(`param:${name}`)) ?? '';
  const items = String(value)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const wrong = items.filter((item) => !pattern.test(item));
  if (wrong.length > 0) throw new Error(`--param ${name}: ${wrong.join(', ')} is not ${what}`);
  return items;
}

/**
 * Who may put events on the central bus: the member accounts (`memberAccounts`), each as its account root,
 * for the bus policy's Principal. Empty without members (the policy is then not created at all).
 */
function centralBusMemberPrincipals({ resolveVariable }) {
  return listParam(resolveVariable, 'memberAccounts', ACCOUNT_ID, 'a 12-digit account id').then((accounts) =>
    accounts.map((account) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::${account}:root` })),
  );
}

/** The `organizationId` param, checked (o-...), or '' (no organisation-wide bus policy). */
function organizationId({ resolveVariable }) {
  return listParam(resolveVariable, 'organizationId', ORGANIZATION_ID, 'an organization id (o-...)').then((ids) => {
    if (ids.length > 1) throw new Error('--param organizationId takes one organization id');
    return ids[0] ?? '';
  });
}

module.exports = {
  GLOBAL_EVENT_REGION,
  load,
  forwardingRules,
  readActionsFor,
  cloudTrailPatterns,
  globalRules,
  get iamReadActions() {
    return readActionsFor(load().RULES);
  },
  get ruleReads() {
    return ruleReadsStatement(load().RULES);
  },
  get ruleLimitedReads() {
    return ruleLimitedReadsStatement(load().RULES);
  },
  get cloudTrailEvents() {
    return cloudTrailEvents();
  },
  get ttlAttribute() {
    return load().TTL_ATTRIBUTE;
  },
  forwarderResources,
  centralBusMemberPrincipals,
  organizationId,
};
