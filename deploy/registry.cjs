/**
 * What the deployment derives from the rule registry, so serverless.yml and deploy/global-forwarder.yml
 * never list an IAM action or a CloudTrail event name by hand (src/rules/index.ts stays the one list).
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
const FORWARDER_DLQ = { 'Fn::GetAtt': ['ForwarderDeadLetterQueue', 'Arn'] };

let loaded;

/** RULES, eventNamesBySource and the store's TTL attribute, from the TypeScript sources. */
function load() {
  if (loaded) return loaded;
  const filename = path.join(root, 'deploy', '.registry.bundle.cjs');
  const out = buildSync({
    stdin: {
      contents: [
        "export { RULES } from './src/rules/index.ts';",
        "export { eventNamesBySource, detailTypesBySource } from './src/shared/cloudtrail-router.ts';",
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
      'source': eventBridgeSources(eventSource),
      'detail-type': detailTypes[eventSource],
      'detail': { eventSource: [eventSource], eventName: eventNames },
    },
  }));
}

/** Rules whose events reach EventBridge only in us-east-1: global rules (Budgets, billing alarms, IAM...). */
function globalRules() {
  return load().RULES.filter((rule) => rule.global === true);
}

/** `cloudtrailEvent`'s events: one EventBridge rule per event source, retried, with a DLQ. */
function cloudTrailEvents() {
  return cloudTrailPatterns(load().RULES).map(({ eventSource, pattern }) => ({
    eventBridge: {
      description: `Preflight: CloudTrail ${eventSource} calls that can change a rule's verdict (generated from src/rules/index.ts)`,
      pattern,
      retryPolicy: { maximumEventAge: 3600, maximumRetryAttempts: 10 },
      deadLetterQueueArn: EVENTS_DLQ,
    },
  }));
}

/** The us-east-1 forwarding rules (deploy/global-forwarder.yml): events of global rules → home bus. */
function forwarderResources({ resolveVariable }) {
  return (async () => {
    const homeRegion = await resolveVariable('param:homeRegion');
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(homeRegion ?? '')) {
      throw new Error(`--param homeRegion=<region> must name the main stack's region (got "${homeRegion ?? ''}")`);
    }
    if (homeRegion === GLOBAL_EVENT_REGION) {
      throw new Error(`the main stack already runs in ${GLOBAL_EVENT_REGION}: no forwarder is needed`);
    }
    const resources = {};
    cloudTrailPatterns(globalRules()).forEach(({ eventSource, pattern }, index) => {
      resources[`ForwardRule${index + 1}`] = {
        Type: 'AWS::Events::Rule',
        Properties: {
          Description: `Preflight: forward ${eventSource} CloudTrail calls of global rules to ${homeRegion} (generated from src/rules/index.ts)`,
          State: 'ENABLED',
          EventPattern: pattern,
          Targets: [
            {
              Id: 'home-event-bus',
              Arn: { 'Fn::Sub': `arn:\${AWS::Partition}:events:${homeRegion}:\${AWS::AccountId}:event-bus/default` },
              RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] },
              RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
              DeadLetterConfig: { Arn: FORWARDER_DLQ },
            },
          ],
        },
      };
    });
    return resources;
  })();
}

module.exports = {
  GLOBAL_EVENT_REGION,
  load,
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
};
