/**
 * The CloudFormation template `osls package` produces from serverless.yml, checked against the sources
 * it must follow: the rule registry (IAM read actions, CloudTrail event patterns), the store's table
 * definition, and the notifier's message attributes. Packaged once (no AWS credentials, no network).
 */
import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredIamActions } from '../../src/cli/catalog.js';
import { readGrants } from '../../src/rules/iam-grants.js';
import { RULES } from '../../src/rules/index.js';
import { eventNamesBySource } from '#shared/engine/cloudtrail-router.js';
import { SEVERITIES } from '#shared/core/model.js';
import { publishInput } from '#shared/alerts/notifier.js';
import { TTL_ATTRIBUTE } from '#shared/store/keys.js';
import { MAIN_PACKAGE, packagedOnce, TRACED_PACKAGE } from '../helpers/packaged.js';
import {
  asArray,
  asStrings,
  isObject,
  type Json,
  type Packaged,
  packageService,
  readZip,
  refersTo,
  type Resource,
  resourcesOfType,
  ROOT,
  roleStatements,
  type Template,
  zipsIn,
} from './package.js';

const CLOUDTRAIL = 'AWS API Call via CloudTrail';
/** Functions that run the rules (sweep, CloudTrail event, Config rule); findingsApi only reads findings. */
const RULE_RUNNERS = ['ScheduledScan', 'CloudtrailEvent', 'ConfigRule'];
const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const STORE_WRITES = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];
const STORE_READS = ['dynamodb:GetItem', 'dynamodb:Query'];
/** Actions on `*` that are not rule reads, each because the service has no resource-level permission. */
const STAR_BY_NECESSITY = new Set(['config:PutEvaluations']);

let packaged: Packaged;
let template: Template;

beforeAll(async () => {
  // The email endpoint shows the param reaches its subscription; the phone stays unset (condition false).
  packaged = await packageService([
    '--stage',
    'test',
    '--region',
    'eu-west-1',
    '--param',
    'alertEmail=ops@example.com',
    '--param',
    'configParameter=/preflight/test-config',
  ]);
  template = packaged.template;
}, 600_000);

afterAll(async () => {
  if (packaged) await rm(packaged.dir, { recursive: true, force: true });
});

function resource(id: string): Resource {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the template`);
  return found;
}

function functionIds(): string[] {
  return resourcesOfType(template, 'AWS::Lambda::Function')
    .map(([id]) => id)
    .sort();
}

function roleOf(functionId: string): [string, Resource] {
  const roleId = refersTo(resource(functionId).Properties.Role);
  if (!roleId) throw new Error(`${functionId} has no role from this template`);
  return [roleId, resource(roleId)];
}

function actionsOf(functionId: string): string[] {
  return [...new Set(roleStatements(roleOf(functionId)[1]).flatMap((s) => s.actions))].sort();
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

const TABLE_RESOURCES = [{ 'Fn::GetAtt': ['FindingsTable', 'Arn'] }, { 'Fn::Sub': '${FindingsTable.Arn}/index/*' }];

describe('functions', () => {
  it('are the six handlers', () => {
    expect(functionIds()).toEqual([
      'CloudtrailEventLambdaFunction',
      'ConfigRuleLambdaFunction',
      'FindingsApiLambdaFunction',
      'FollowUpLambdaFunction',
      'ScheduledScanLambdaFunction',
      'SweepWorkerLambdaFunction',
    ]);
    const handlers = functionIds().map((id) => resource(id).Properties.Handler);
    expect(handlers.sort()).toEqual([
      'src/handlers/cloudtrail-event.handler',
      'src/handlers/config-rule.handler',
      'src/handlers/findings-api.handler',
      'src/handlers/follow-up.handler',
      'src/handlers/scheduled-scan.handler',
      'src/handlers/sweep-worker.handler',
    ]);
  });

  it('run nodejs22.x on arm64, untraced by default (the tracing param)', () => {
    for (const id of functionIds()) {
      const props = resource(id).Properties;
      expect(props.Runtime, id).toBe('nodejs22.x');
      expect(props.Architectures, id).toEqual(['arm64']);
      expect(props.TracingConfig, id).toBeUndefined();
    }
  });

  it('give the sweep the full 15 minutes and its own schedule', () => {
    expect(resource('ScheduledScanLambdaFunction').Properties.Timeout).toBe(900);
    const schedules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.ScheduleExpression !== undefined);
    expect(schedules).toHaveLength(1);
    const [, schedule] = schedules[0]!;
    expect(schedule.Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(asArray(schedule.Properties.Targets).map((t) => (isObject(t) ? refersTo(t.Arn) : undefined))).toEqual(['ScheduledScanLambdaFunction']);
  });

  it('get the table and the topic from the stack', () => {
    for (const name of RULE_RUNNERS) {
      const env = resource(`${name}LambdaFunction`).Properties.Environment;
      const vars = isObject(env) && isObject(env.Variables) ? env.Variables : {};
      expect(refersTo(vars.FINDINGS_TABLE), name).toBe('FindingsTable');
      expect(refersTo(vars.ALERT_TOPIC_ARN), name).toBe('AlertTopic');
    }
  });

  it('have a log group each, all with a retention', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    for (const id of functionIds()) {
      const name = `/aws/lambda/${String(resource(id).Properties.FunctionName)}`;
      expect(
        groups.map(([, g]) => g.Properties.LogGroupName),
        id,
      ).toContain(name);
    }
    for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBe(30);
  });
});

describe('IAM', () => {
  it('gives every function a role of its own, and leaves no unused role', () => {
    const roles = functionIds().map((id) => roleOf(id)[0]);
    expect(new Set(roles).size).toBe(functionIds().length);
    expect(
      resourcesOfType(template, 'AWS::IAM::Role')
        .map(([id]) => id)
        .sort(),
    ).toEqual([...roles].sort());
  });

  it('never allows "*" or a service-wide wildcard', () => {
    for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      for (const statement of roleStatements(role)) {
        for (const action of statement.actions) expect(action, id).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
        expect(statement.Effect, id).toBe('Allow');
      }
    }
  });

  it.each([...RULE_RUNNERS, 'SweepWorker', 'FollowUp'])("%s reads exactly the registry's iamActions, on `*` but where iamResources limits them", (name) => {
    const statements = roleStatements(roleOf(`${name}LambdaFunction`)[1]);
    const [onEverything, ...limited] = readGrants(RULES);
    const onStar = statements.filter((s) => s.resources.length === 1 && s.resources[0] === '*').flatMap((s) => s.actions);
    expect(sorted(onStar.filter((a) => !STAR_BY_NECESSITY.has(a)))).toEqual(onEverything!.actions);
    expect(limited.length).toBeGreaterThan(0);
    const inPartition = (arn: string) => ({ 'Fn::Sub': arn.replace(/^arn:aws:/, 'arn:${AWS::Partition}:') });
    for (const grant of limited) {
      const granted = statements.filter((s) => grant.actions.some((a) => s.actions.includes(a)));
      expect(granted).toEqual([{ Effect: 'Allow', actions: grant.actions, resources: grant.resources.map(inPartition) }]);
    }
    expect(sorted([...onStar.filter((a) => !STAR_BY_NECESSITY.has(a)), ...limited.flatMap((g) => g.actions)])).toEqual(requiredIamActions(RULES));
  });

  it.each(RULE_RUNNERS)('%s has nothing beyond reads, the store, the topic, its failure queue and logs', (name) => {
    const expected = [...requiredIamActions(RULES), ...STORE_WRITES, 'sns:Publish', 'sqs:SendMessage', 'ssm:GetParameter', ...LOGS];
    if (name === 'ConfigRule') expected.push('config:PutEvaluations');
    // Events of member accounts are read in the member's role (the statement is the sweep worker's, tested below).
    if (name === 'CloudtrailEvent') expected.push('sts:AssumeRole');
    expect(actionsOf(`${name}LambdaFunction`)).toEqual(sorted(expected));
  });

  it('grants no Security Hub action at all while the securityHub param is false (the default)', () => {
    for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      for (const statement of roleStatements(role))
        expect(
          statement.actions.filter((a) => a.startsWith('securityhub:')),
          id,
        ).toEqual([]);
    }
    expect(JSON.stringify(template)).not.toContain('securityhub:');
  });

  it.each(RULE_RUNNERS)('%s writes only to the table and its indexes, the alert topic and the failure queue', (name) => {
    const statements = roleStatements(roleOf(`${name}LambdaFunction`)[1]);
    const onStar = (s: (typeof statements)[number]) => s.resources.length === 1 && s.resources[0] === '*';
    // Rule reads may include dynamodb:/sns:/logs: describe actions on `*`; the plumbing never is on `*`.
    for (const s of statements.filter(onStar)) {
      for (const action of [...STORE_WRITES, 'sns:Publish', 'sqs:SendMessage', ...LOGS]) expect(s.actions, name).not.toContain(action);
    }
    const scoped = statements.filter((s) => !onStar(s));
    const store = scoped.filter((s) => s.actions.some((a) => STORE_WRITES.includes(a)));
    expect(store).toEqual([
      { Effect: 'Allow', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], resources: TABLE_RESOURCES },
    ]);
    const publish = scoped.filter((s) => s.actions.includes('sns:Publish'));
    expect(publish).toEqual([{ Effect: 'Allow', actions: ['sns:Publish'], resources: [{ Ref: 'AlertTopic' }] }]);
    const send = scoped.filter((s) => s.actions.includes('sqs:SendMessage'));
    const queues = { ScheduledScan: ['AsyncFailureQueue', 'SweepWorkQueue'], CloudtrailEvent: ['AsyncFailureQueue', 'FollowUpQueue'] }[name] ?? [
      'AsyncFailureQueue',
    ];
    expect(send).toEqual(queues.map((q) => ({ Effect: 'Allow', actions: ['sqs:SendMessage'], resources: [{ 'Fn::GetAtt': [q, 'Arn'] }] })));
  });

  it.each(['SweepWorker', 'CloudtrailEvent'])('lets %s assume only the member role, in accounts of its own organization', (name) => {
    const assume = roleStatements(roleOf(`${name}LambdaFunction`)[1]).filter((s) => s.actions.includes('sts:AssumeRole'));
    // In accounts of the deployment's own organization only: IAM compares the role's organization with the caller's.
    expect(assume).toEqual([
      {
        Effect: 'Allow',
        actions: ['sts:AssumeRole'],
        resources: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/PreflightAudit' }],
        condition: { StringEquals: { 'aws:ResourceOrgID': { 'Fn::Sub': '${!aws:PrincipalOrgID}' } } },
      },
    ]);
  });

  it('lets sweepWorker read rules, write the store and the topic, and assume only the member role', () => {
    const id = 'SweepWorkerLambdaFunction';
    const polling = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];
    expect(actionsOf(id)).toEqual(
      sorted([...requiredIamActions(RULES), ...STORE_WRITES, 'sns:Publish', 'sts:AssumeRole', 'ssm:GetParameter', ...polling, ...LOGS]),
    );
    // SQS polling is the event source's permission set, granted by the framework on the queue alone.
    const sqs = roleStatements(roleOf(id)[1]).filter((s) => s.actions.some((a) => a.startsWith('sqs:')));
    expect(sqs.length).toBeGreaterThan(0);
    for (const s of sqs) expect(s.resources, 'sqs').toEqual([{ 'Fn::GetAtt': ['SweepWorkQueue', 'Arn'] }]);
  });

  it('lets followUp read rules, write the store and the topic, use its own queue, and assume only the member role', () => {
    const id = 'FollowUpLambdaFunction';
    const polling = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];
    expect(actionsOf(id)).toEqual(
      sorted([...requiredIamActions(RULES), ...STORE_WRITES, 'sns:Publish', 'sts:AssumeRole', 'ssm:GetParameter', 'sqs:SendMessage', ...polling, ...LOGS]),
    );
    const statements = roleStatements(roleOf(id)[1]);
    const assume = statements.filter((s) => s.actions.includes('sts:AssumeRole'));
    const sweepWorkerAssume = roleStatements(roleOf('SweepWorkerLambdaFunction')[1]).filter((s) => s.actions.includes('sts:AssumeRole'));
    expect(assume).toEqual(sweepWorkerAssume);
    // Polling, re-enqueueing and the next step: on the follow-up queue alone.
    const sqs = statements.filter((s) => s.actions.some((a) => a.startsWith('sqs:')));
    expect(sqs.length).toBeGreaterThan(0);
    for (const s of sqs) expect(s.resources, 'sqs').toEqual([{ 'Fn::GetAtt': ['FollowUpQueue', 'Arn'] }]);
  });

  it('outputs the roles that read member accounts, the principals deploy/member-stack.yml trusts (its ReaderRoleArns)', async () => {
    const readers = ['SweepWorkerLambdaFunction', 'CloudtrailEventLambdaFunction', 'FollowUpLambdaFunction'].map((id) => ({
      'Fn::GetAtt': [roleOf(id)[0], 'Arn'],
    }));
    const output = template.Outputs?.MemberReaderRoleArns;
    const joined = isObject(output) && isObject(output.Value) ? asArray(output.Value['Fn::Join']) : [];
    expect(joined[0]).toBe(',');
    // One line per function that assumes the member role.
    expect(asArray(joined[1])).toEqual(readers);
    const memberStack = await readFile(join(ROOT, 'deploy/member-stack.yml'), 'utf8');
    expect(memberStack).toMatch(/aws:PrincipalArn:\s+Ref: ReaderRoleArns/);
    expect(template.Outputs?.CentralEventBusArn).toEqual({ Value: { 'Fn::GetAtt': ['CentralEventBus', 'Arn'] } });
  });

  it.each([...RULE_RUNNERS, 'SweepWorker', 'FollowUp'])('%s reads only the configuration parameter of its deployment', (name) => {
    const reads = roleStatements(roleOf(`${name}LambdaFunction`)[1]).filter((s) => s.actions.includes('ssm:GetParameter'));
    expect(reads).toEqual([
      {
        Effect: 'Allow',
        actions: ['ssm:GetParameter'],
        resources: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/preflight/test-config' }],
      },
    ]);
    const env = resource(`${name}LambdaFunction`).Properties.Environment;
    expect(isObject(env) && isObject(env.Variables) ? env.Variables.PREFLIGHT_CONFIG_PARAMETER : undefined).toBe('/preflight/test-config');
  });

  it('lets findingsApi only GetItem and Query the table and its indexes, Scan the summary index, and read its cursor signing key', () => {
    const statements = roleStatements(roleOf('FindingsApiLambdaFunction')[1]);
    expect(actionsOf('FindingsApiLambdaFunction')).toEqual(sorted([...STORE_READS, 'dynamodb:Scan', ...LOGS, 'secretsmanager:GetSecretValue']));
    const dynamo = statements.filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      { Effect: 'Allow', actions: STORE_READS, resources: TABLE_RESOURCES },
      { Effect: 'Allow', actions: ['dynamodb:Scan'], resources: [{ 'Fn::Sub': '${FindingsTable.Arn}/index/summary' }] },
    ]);
  });

  it('scopes each log statement to the function’s own log group', () => {
    for (const id of functionIds()) {
      const logs = roleStatements(roleOf(id)[1]).filter((s) => s.actions.includes('logs:PutLogEvents'));
      expect(logs, id).toHaveLength(1);
      expect(JSON.stringify(logs[0]!.resources), id).toContain(`log-group:/aws/lambda/${String(resource(id).Properties.FunctionName)}:`);
    }
  });
});

describe('X-Ray tracing (the tracing param)', () => {
  let untraced: Template;
  let traced: Template;

  beforeAll(async () => {
    // The same stack with and without tracing=true, shared with cfn-lint, which lints both.
    const [plain, withTracing] = await Promise.all([packagedOnce(MAIN_PACKAGE.args, MAIN_PACKAGE.cwd), packagedOnce(TRACED_PACKAGE.args, TRACED_PACKAGE.cwd)]);
    untraced = plain.template;
    traced = withTracing.template;
  }, 600_000);

  const functionsOf = (t: Template) => resourcesOfType(t, 'AWS::Lambda::Function');
  const roleStatementsOf = (t: Template, fn: Resource) => {
    const roleId = refersTo(fn.Properties.Role);
    const role = roleId ? t.Resources[roleId] : undefined;
    if (!role) throw new Error(`no role of this template for ${JSON.stringify(fn.Properties.Role)}`);
    return roleStatements(role);
  };
  const tracingVariable = (fn: Resource) => {
    const env = fn.Properties.Environment;
    return isObject(env) && isObject(env.Variables) ? env.Variables.TRACING : undefined;
  };

  it('is off by default: no function traced, TRACING=false everywhere, no xray: action in the whole template', () => {
    expect(functionsOf(untraced)).toHaveLength(6);
    for (const [id, fn] of functionsOf(untraced)) {
      expect(fn.Properties.TracingConfig, id).toBeUndefined();
      expect(tracingVariable(fn), id).toBe('false');
    }
    expect(JSON.stringify(untraced)).not.toContain('xray:');
  });

  it('with tracing=true traces every function and grants each role the X-Ray writes on `*` (no resource-level permissions), nothing else', () => {
    const before = new Map(functionsOf(untraced));
    expect(functionsOf(traced).map(([id]) => id)).toEqual([...before.keys()]);
    for (const [id, fn] of functionsOf(traced)) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(tracingVariable(fn), id).toBe('true');
      const statements = roleStatementsOf(traced, fn);
      const xray = statements.filter((s) => s.actions.some((a) => a.startsWith('xray:')));
      expect(xray, id).toEqual([{ Effect: 'Allow', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }]);
      expect(sorted(xray[0]?.actions ?? [])).toEqual(XRAY);
      // Every other grant is the untraced stack's, unchanged.
      expect(
        statements.filter((s) => !xray.includes(s)),
        id,
      ).toEqual(roleStatementsOf(untraced, before.get(id)!));
    }
  });
});

describe('the cursor signing key', () => {
  const env = (id: string) => {
    const e = resource(id).Properties.Environment;
    return isObject(e) && isObject(e.Variables) ? e.Variables : {};
  };

  it('is a secret CloudFormation generates per deployment: its value is never in the template', () => {
    const secrets = resourcesOfType(template, 'AWS::SecretsManager::Secret');
    expect(secrets.map(([id]) => id)).toEqual(['CursorSigningSecret']);
    const properties = resource('CursorSigningSecret').Properties;
    expect(properties.SecretString).toBeUndefined();
    // A fixed name would collide with the previous stack's secret while it waits out its deletion window.
    expect(properties.Name).toBeUndefined();
    const generate = isObject(properties.GenerateSecretString) ? properties.GenerateSecretString : {};
    expect(Number(generate.PasswordLength)).toBeGreaterThanOrEqual(64);
    expect(generate.SecretStringTemplate).toBeUndefined();
  });

  it('reaches findingsApi by ARN (CURSOR_SECRET_ARN), never as a value in any environment', () => {
    expect(refersTo(env('FindingsApiLambdaFunction').CURSOR_SECRET_ARN)).toBe('CursorSigningSecret');
    for (const id of functionIds()) {
      expect(env(id).CURSOR_SECRET, id).toBeUndefined();
      if (id !== 'FindingsApiLambdaFunction') expect(env(id).CURSOR_SECRET_ARN, id).toBeUndefined();
    }
  });

  it('is readable by findingsApi alone, and findingsApi reads no other secret', () => {
    for (const id of functionIds()) {
      const reads = roleStatements(roleOf(id)[1]).filter((s) => s.actions.some((a) => a === 'secretsmanager:GetSecretValue' || a === 'secretsmanager:*'));
      if (id === 'FindingsApiLambdaFunction') {
        expect(reads).toEqual([{ Effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: [{ Ref: 'CursorSigningSecret' }] }]);
      } else {
        expect(reads, id).toEqual([]);
      }
    }
  });
});

describe('EventBridge', () => {
  const cloudTrailRules = () =>
    resourcesOfType(template, 'AWS::Events::Rule').filter(
      ([, r]) => isObject(r.Properties.EventPattern) && asStrings(r.Properties.EventPattern['detail-type']).includes(CLOUDTRAIL),
    );

  function detailOf(rule: Resource): { eventSource: string[]; eventName: string[] } {
    const pattern = rule.Properties.EventPattern;
    const detail = isObject(pattern) ? pattern.detail : undefined;
    if (!isObject(detail)) throw new Error('CloudTrail rule without a detail pattern');
    return { eventSource: asStrings(detail.eventSource), eventName: asStrings(detail.eventName) };
  }

  /** The bus a rule is on: the default bus (no EventBusName) or the central bus. */
  function busOf(rule: Resource): 'default' | 'central' {
    const bus = rule.Properties.EventBusName;
    if (bus === undefined) return 'default';
    expect(bus).toEqual({ 'Fn::GetAtt': ['CentralEventBus', 'Name'] });
    return 'central';
  }

  it.each(['default', 'central'])("has, on the %s bus, one rule per event source whose eventName list is the registry's", (bus) => {
    const generated: Record<string, string[]> = {};
    for (const [id, rule] of cloudTrailRules().filter(([, r]) => busOf(r) === bus)) {
      const { eventSource, eventName } = detailOf(rule);
      expect(eventSource, id).toHaveLength(1);
      expect(generated[eventSource[0]!], `${eventSource[0]} has two rules`).toBeUndefined();
      generated[eventSource[0]!] = [...eventName].sort();
    }
    expect(generated).toEqual(eventNamesBySource(RULES));
  });

  it('has the same patterns on both buses (the forwarders carry the home region’s patterns)', () => {
    const patterns = (bus: string) =>
      cloudTrailRules()
        .filter(([, r]) => busOf(r) === bus)
        .map(([, r]) => r.Properties.EventPattern);
    expect(patterns('central')).toEqual(patterns('default'));
  });

  it('names the central bus preflight-<stage>; without member accounts or organization, no other account may put events on it', () => {
    expect(resource('CentralEventBus')).toEqual({ Type: 'AWS::Events::EventBus', Properties: { Name: 'preflight-test' } });
    const policies = resourcesOfType(template, 'AWS::Events::EventBusPolicy');
    expect(policies.map(([id, p]) => [id, p.Condition])).toEqual([
      ['CentralEventBusPolicy', 'HasMemberAccounts'],
      ['CentralEventBusOrganizationPolicy', 'HasOrganizationId'],
    ]);
    // Packaged without memberAccounts and organizationId: both conditions compare '' with '' (false).
    for (const condition of ['HasMemberAccounts', 'HasOrganizationId']) {
      expect(template.Conditions?.[condition], condition).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    }
  });

  it('matches the aws.<service> source of each event source', () => {
    for (const [id, rule] of cloudTrailRules()) {
      const pattern = rule.Properties.EventPattern;
      const source = isObject(pattern) ? asStrings(pattern.source) : [];
      const service = detailOf(rule).eventSource[0]!.split('.')[0];
      expect(source, id).toContain(`aws.${service}`);
    }
  });

  it('sends CloudTrail events to cloudtrailEvent', () => {
    for (const [id, rule] of cloudTrailRules()) {
      const targets = asArray(rule.Properties.Targets).filter(isObject);
      expect(
        targets.map((t) => refersTo(t.Arn)),
        id,
      ).toEqual(['CloudtrailEventLambdaFunction']);
    }
  });

  it("keeps cloudtrailEvent's resource policy (one statement per rule, both buses) under Lambda's 20 KB", () => {
    // An upper bound of what Lambda stores: each statement with the longest logical id, a 12-character
    // suffix CloudFormation adds, a long stage and region; the rules' names with that stage.
    const stage = 'production-eu';
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => refersTo(p.Properties.FunctionName) === 'CloudtrailEventLambdaFunction',
    );
    const longestId = Math.max(...permissions.map(([id]) => id.length));
    const rules = cloudTrailRules();
    expect(permissions).toHaveLength(rules.length);
    const statements = rules.map(([, rule]) => {
      const name = String(rule.Properties.Name).replace('preflight-test', `preflight-${stage}`);
      const path = busOf(rule) === 'central' ? `preflight-${stage}/${name}` : name;
      return {
        Sid: `preflight-${stage}-${'x'.repeat(longestId)}-ABCDEFGHIJKL`,
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: `arn:aws:lambda:ap-southeast-2:123456789012:function:preflight-${stage}-cloudtrailEvent`,
        Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:events:ap-southeast-2:123456789012:rule/${path}` } },
      };
    });
    const bytes = JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }).length;
    console.info(`[template] cloudtrailEvent resource policy: ${statements.length} statements, at most ${bytes} bytes of 20480`);
    expect(bytes).toBeLessThan(20_480);
  });

  it('lets the rules of both buses, and only rules of this stack, dead-letter', () => {
    const document = resource('EventsDeadLetterQueuePolicy').Properties.PolicyDocument;
    const [statement] = isObject(document) ? asArray(document.Statement).filter(isObject) : [];
    const condition = statement?.Condition;
    const allowed = asArray(isObject(condition) && isObject(condition.ArnLike) ? condition.ArnLike['aws:SourceArn'] : undefined).map((arn) =>
      isObject(arn) && typeof arn['Fn::Sub'] === 'string'
        ? arn['Fn::Sub'].replace('${AWS::Partition}', 'aws').replace('${AWS::Region}', 'eu-west-1').replace('${AWS::AccountId}', '123456789012')
        : '',
    );
    const matches = (arn: string) =>
      allowed.some((glob) =>
        new RegExp(
          `^${glob
            .split('*')
            .map((part) => part.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&'))
            .join('.*')}$`,
        ).test(arn),
      );
    for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
      const path = busOf(rule) === 'central' ? `preflight-test/${String(rule.Properties.Name)}` : String(rule.Properties.Name);
      expect(matches(`arn:aws:events:eu-west-1:123456789012:rule/${path}`), `${id} (${path})`).toBe(true);
    }
    expect(matches('arn:aws:events:eu-west-1:123456789012:rule/other-bus/preflight-test-x')).toBe(false);
    expect(matches('arn:aws:events:eu-west-1:123456789012:rule/preflight-prod/preflight-prod-x')).toBe(false);
  });

  it('gives every target a retry policy and an encrypted DLQ that EventBridge may write to', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule');
    expect(rules.length).toBe(cloudTrailRules().length + 1);
    for (const [id, rule] of rules) {
      for (const target of asArray(rule.Properties.Targets).filter(isObject)) {
        expect(target.RetryPolicy, id).toBeDefined();
        const dlq = isObject(target.DeadLetterConfig) ? refersTo(target.DeadLetterConfig.Arn) : undefined;
        expect(dlq, `${id} has no DeadLetterConfig`).toBeDefined();
        expect(resource(dlq!).Type).toBe('AWS::SQS::Queue');
        expect(resource(dlq!).Properties.SqsManagedSseEnabled).toBe(true);
        expect(queuePolicyPrincipals(dlq!), dlq).toContain('events.amazonaws.com');
      }
    }
  });
});

function queuePolicyPrincipals(queueId: string): string[] {
  return resourcesOfType(template, 'AWS::SQS::QueuePolicy')
    .filter(([, p]) => asArray(p.Properties.Queues).some((q) => refersTo(q) === queueId))
    .flatMap(([, p]) => (isObject(p.Properties.PolicyDocument) ? asArray(p.Properties.PolicyDocument.Statement) : []))
    .filter(isObject)
    .filter((s) => asStrings(s.Action).includes('sqs:SendMessage'))
    .flatMap((s) => (isObject(s.Principal) ? asStrings(s.Principal.Service) : []));
}

describe('async invocations', () => {
  /** Functions some AWS service invokes asynchronously (EventBridge, AWS Config), from their permissions. */
  function asyncFunctions(): string[] {
    const asyncPrincipals = new Set(['events.amazonaws.com', 'config.amazonaws.com']);
    return sorted(
      resourcesOfType(template, 'AWS::Lambda::Permission')
        .filter(([, p]) => asyncPrincipals.has(String(p.Properties.Principal)))
        .map(([, p]) => refersTo(p.Properties.FunctionName))
        .filter((id): id is string => id !== undefined),
    );
  }

  it('are the three rule runners', () => {
    expect(asyncFunctions()).toEqual(RULE_RUNNERS.map((n) => `${n}LambdaFunction`).sort());
  });

  it('each end in an encrypted on-failure queue the function may write to', () => {
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig');
    for (const id of asyncFunctions()) {
      const config = configs.find(([, c]) => refersTo(c.Properties.FunctionName) === id);
      expect(config, `${id} has no EventInvokeConfig`).toBeDefined();
      const props = config![1].Properties;
      const destination =
        isObject(props.DestinationConfig) && isObject(props.DestinationConfig.OnFailure) ? props.DestinationConfig.OnFailure.Destination : undefined;
      const queue = refersTo(destination);
      expect(queue, `${id} has no on-failure destination`).toBeDefined();
      expect(resource(queue!).Type).toBe('AWS::SQS::Queue');
      expect(resource(queue!).Properties.SqsManagedSseEnabled).toBe(true);
      const canSend = roleStatements(roleOf(id)[1]).some((s) => s.actions.includes('sqs:SendMessage') && refersTo(s.resources[0]) === queue);
      expect(canSend, `${id} cannot send to ${queue}`).toBe(true);
      expect(props.MaximumRetryAttempts, id).toBeDefined();
    }
  });
});

describe('findings table', () => {
  it('is the store’s table.json, on demand, encrypted, with PITR and TTL, and retained', async () => {
    const definition = JSON.parse(await readFile(join(ROOT, 'src/shared/store/table.json'), 'utf8')) as Record<string, Json>;
    const table = resource('FindingsTable');
    const props = table.Properties;
    for (const key of ['AttributeDefinitions', 'KeySchema', 'GlobalSecondaryIndexes', 'BillingMode']) {
      expect(props[key], key).toEqual(definition[key]);
    }
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(asArray(props.GlobalSecondaryIndexes)).toHaveLength(asArray(definition.GlobalSecondaryIndexes).length);
    expect(props.SSESpecification).toEqual({ SSEEnabled: true });
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('alert topic', () => {
  it('is KMS-encrypted', () => {
    expect(resource('AlertTopic').Properties.KmsMasterKeyId).toBe('alias/aws/sns');
  });

  it('subscribes alertEmail and alertPhone only when given', () => {
    const email = resource('AlertEmailSubscription');
    expect(email.Condition).toBe('HasAlertEmail');
    expect(email.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: 'AlertTopic' } });
    expect(template.Conditions?.HasAlertEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['ops@example.com', ''] }] });
    expect(resource('AlertSmsSubscription').Condition).toBe('HasAlertPhone');
    expect(template.Conditions?.HasAlertPhone).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });

  it('texts only CRITICAL and HIGH, filtering on the attribute the notifier sets', () => {
    const sms = resource('AlertSmsSubscription').Properties;
    expect(sms.Protocol).toBe('sms');
    expect(sms.FilterPolicyScope).toBe('MessageAttributes');
    expect(sms.FilterPolicy).toEqual({ severity: ['CRITICAL', 'HIGH'] });
    const input = publishInput('arn:aws:sns:eu-west-1:123456789012:preflight-test-alerts', {
      subject: 's',
      message: { default: 'd', email: 'e', sms: 's', https: '{}' },
      attributes: { severity: 'HIGH', kind: 'REGRESSION', count: 1 },
    });
    expect(input.MessageAttributes?.severity).toEqual({ DataType: 'String', StringValue: 'HIGH' });
    for (const severity of asStrings(isObject(sms.FilterPolicy) ? sms.FilterPolicy.severity : [])) expect(SEVERITIES).toContain(severity);
  });
});

describe('findings API', () => {
  const routes = () => resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

  it('serves the findings API routes, every one IAM-authorized', () => {
    expect(
      routes()
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(['ANY /{proxy+}', 'GET /', 'GET /findings', 'GET /findings/{ruleId}/{resourceId+}', 'GET /rules', 'GET /summary']);
    for (const route of routes()) expect(route.AuthorizationType, String(route.RouteKey)).toBe('AWS_IAM');
  });

  it('uses payload 2.0, no gateway CORS, throttled default route, access logs', () => {
    const [[, integration]] = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration') as [[string, Resource]];
    expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    expect(refersTo(integration.Properties.IntegrationUri)).toBe('FindingsApiLambdaFunction');
    expect(resource('HttpApi').Properties.CorsConfiguration).toBeUndefined();
    const stage = resource('HttpApiStage').Properties;
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
    expect(stage.AccessLogSettings).toBeDefined();
  });
});

describe('fan-out queue', () => {
  it('feeds sweepWorker one item at a time, with partial batch failures and a bounded concurrency', () => {
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => refersTo(m.Properties.EventSourceArn) === 'SweepWorkQueue');
    expect(mappings).toHaveLength(1);
    const props = mappings[0]![1].Properties;
    expect(refersTo(props.FunctionName)).toBe('SweepWorkerLambdaFunction');
    expect(refersTo(props.EventSourceArn)).toBe('SweepWorkQueue');
    expect(props.BatchSize).toBe(1);
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.ScalingConfig).toEqual({ MaximumConcurrency: 20 });
  });

  it('is encrypted, outlives a running item, and dead-letters what keeps failing', () => {
    const queue = resource('SweepWorkQueue').Properties;
    const timeout = Number(resource('SweepWorkerLambdaFunction').Properties.Timeout);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(Number(queue.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * timeout);
    const redrive = isObject(queue.RedrivePolicy) ? queue.RedrivePolicy : {};
    expect(refersTo(redrive.deadLetterTargetArn)).toBe('SweepWorkDeadLetterQueue');
    expect(resource('SweepWorkDeadLetterQueue').Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('is where scheduledScan sends the work items, with the member settings both functions read', () => {
    const env = (id: string) => {
      const e = resource(id).Properties.Environment;
      return isObject(e) && isObject(e.Variables) ? e.Variables : {};
    };
    expect(refersTo(env('ScheduledScanLambdaFunction').SWEEP_QUEUE_URL)).toBe('SweepWorkQueue');
    for (const id of ['ScheduledScanLambdaFunction', 'SweepWorkerLambdaFunction', 'CloudtrailEventLambdaFunction']) {
      expect(env(id), id).toMatchObject({ MEMBER_ACCOUNTS: '', MEMBER_ROLE_NAME: 'PreflightAudit', EXTERNAL_ID: '' });
    }
    expect(env('FindingsApiLambdaFunction').MEMBER_ACCOUNTS).toBeUndefined();
  });
});

describe('follow-up queue', () => {
  const env = (id: string) => {
    const e = resource(id).Properties.Environment;
    return isObject(e) && isObject(e.Variables) ? e.Variables : {};
  };

  it('feeds followUp in batches with partial batch failures and a bounded concurrency', () => {
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => refersTo(m.Properties.EventSourceArn) === 'FollowUpQueue');
    expect(mappings).toHaveLength(1);
    const props = mappings[0]![1].Properties;
    expect(refersTo(props.FunctionName)).toBe('FollowUpLambdaFunction');
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.ScalingConfig).toEqual({ MaximumConcurrency: 5 });
  });

  it('is encrypted, outlives a running step, and dead-letters what keeps failing', () => {
    const queue = resource('FollowUpQueue').Properties;
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(Number(queue.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * Number(resource('FollowUpLambdaFunction').Properties.Timeout));
    const redrive = isObject(queue.RedrivePolicy) ? queue.RedrivePolicy : {};
    expect(refersTo(redrive.deadLetterTargetArn)).toBe('FollowUpDeadLetterQueue');
    expect(resource('FollowUpDeadLetterQueue').Properties.SqsManagedSseEnabled).toBe(true);
    expect(refersTo((template.Outputs?.FollowUpDeadLetterQueueUrl as { Value: Json } | undefined)?.Value)).toBe('FollowUpDeadLetterQueue');
  });

  it('is where cloudtrailEvent starts chains and followUp continues them; followUp has the member settings', () => {
    for (const id of ['CloudtrailEventLambdaFunction', 'FollowUpLambdaFunction']) expect(refersTo(env(id).FOLLOW_UP_QUEUE_URL), id).toBe('FollowUpQueue');
    expect(env('FollowUpLambdaFunction')).toMatchObject({ MEMBER_ACCOUNTS: '', MEMBER_ROLE_NAME: 'PreflightAudit', EXTERNAL_ID: '' });
  });
});

describe('outputs', () => {
  it('give the API URL, the table name and the topic ARN', () => {
    const outputs = template.Outputs ?? {};
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['HttpApiUrl', 'FindingsTableName', 'AlertTopicArn']));
  });
});

describe('bundles', () => {
  it('are one minified ESM entry per function and the chunks it reaches, AWS SDK included', async () => {
    const zips = await zipsIn(packaged.dir);
    expect(zips).toEqual(['cloudtrailEvent.zip', 'configRule.zip', 'findingsApi.zip', 'followUp.zip', 'scheduledScan.zip', 'sweepWorker.zip']);
    for (const zip of zips) {
      const entries = await readZip(join(packaged.dir, zip));
      const names = new Set(entries.map((e) => e.name));
      // Lambda finds `src/handlers/x.handler` as src/handlers/x.mjs, loaded as ESM.
      expect(
        entries.filter((e) => !e.name.startsWith('chunks/')).map((e) => e.name),
        zip,
      ).toEqual([expect.stringMatching(/^src\/handlers\/[a-z-]+\.mjs$/)]);
      for (const entry of entries) {
        expect(entry.name, zip).toMatch(/\.mjs$/);
        const code = entry.content().toString('utf8');
        // Everything is bundled (AWS SDK included): imports are Node built-ins or files of this zip. The CRT
        // signer appears only inside an SDK error message telling users to require it for SigV4a.
        const specifiers = [...code.matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*"([\w@./:-]+)"/g)].map((m) => m[1]!);
        const local = specifiers.filter((name) => name.startsWith('.')).map((name) => posix.join(posix.dirname(entry.name), name));
        expect(
          local.filter((file) => !names.has(file)),
          `${zip} ${entry.name}`,
        ).toEqual([]);
        const external = specifiers.filter((name) => !name.startsWith('.') && !builtinModules.includes(name.replace(/^node:/, '')));
        expect(
          external.filter((name) => name !== '@aws-sdk/signature-v4-crt'),
          `${zip} ${entry.name}`,
        ).toEqual([]);
      }
      // A guard against bundling something huge by accident (Lambda's own limit is 250 MB unzipped).
      expect(
        entries.reduce((n, e) => n + e.size, 0),
        zip,
      ).toBeLessThan(10 * 1024 * 1024);
    }
  });
});
