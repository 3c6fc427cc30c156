/**
 * The rule model: a rule is metadata (data a registry, IAM policy, EventBridge pattern and docs are
 * derived from) plus one evaluation function over facts read through injected readers.
 */
import * as z from 'zod';
import type { Readers } from '#shared/aws/readers.js';
import { RuleDefinitionError } from '#shared/core/errors.js';
import type { CloudTrailDetail } from '#shared/core/cloudtrail-detail.js';
import type { Evaluation, Evidence, ResourceType, Severity } from '#shared/core/model.js';

export type { CloudTrailDetail } from '#shared/core/cloudtrail-detail.js';

/** A CloudTrail API call that can change what a rule would say. */
export interface RuleTrigger {
  /** e.g. `s3.amazonaws.com` */
  eventSource: string;
  eventNames: readonly string[];
  /**
   * The native names (bucket name, alarm name, topic ARN...) of the resources the call touched.
   * Omitted for account-level rules, whose one check is simply re-run.
   */
  resourceNames?: (detail: CloudTrailDetail) => readonly string[];
  /**
   * The call names nothing a rule can re-evaluate by name (DeleteFlowLogs names flow logs, gone by the
   * time the event arrives): every resource the rule lists in the event's region is re-evaluated instead.
   */
  everyResourceInRegion?: true;
  /**
   * The names are AWS service events (eventType AwsServiceEvent: Secrets Manager's RotationSucceeded...),
   * which EventBridge delivers as "AWS Service Event via CloudTrail", not as API calls.
   */
  serviceEvent?: true;
  /**
   * The call's effect settles later: AWS applies it asynchronously (ModifyDBInstance answers with
   * pendingModifiedValues, a cache passes through `modifying`), so the immediate re-read may see the old
   * state. Evaluations it triggers are followed up (+2, +10, +30 min) until the rule's `settling` says
   * the resource settled. Only resource rules that define `settling` may declare it.
   */
  settles?: boolean;
}

export interface RuleControls {
  /** AWS Security Hub Foundational Security Best Practices control ids, e.g. `S3.14`. */
  securityHub?: readonly string[];
  /** AWS Config managed rule identifier, e.g. `s3-bucket-versioning-enabled`. */
  awsConfig?: string;
  /** Other references (CIS benchmark item...). */
  other?: readonly string[];
}

export interface RuleMetadata {
  /** Stable kebab-case id; the contract with users (suppressions, API, alerts). */
  id: string;
  title: string;
  /** What exactly is checked, in one or two sentences. */
  description: string;
  /**
   * What the rule says when an AWS answer leaves out a field it reads (nearly every field of an AWS
   * answer is optional in the API): the field's documented meaning, or ERROR naming the field; never a
   * verdict guessed from the absence. docs/rules.md shows it.
   */
  absentFields: string;
  severity: Severity;
  resourceType: ResourceType;
  /** The seed checklist item this rule verifies: `source` names the seed file and section. */
  checklist: { source: string; item: string };
  controls: RuleControls;
  /** Read-only IAM actions the rule needs; the deployed roles are derived from these. */
  iamActions: readonly string[];
  /**
   * The resources some of `iamActions` are limited to, as ARN patterns in the `aws` partition (deployed
   * templates substitute the stack's partition): for actions that on `*` would read more than the rule
   * needs (`apigateway:GET` on `*` also returns API key values). Actions not named here are granted on `*`.
   */
  iamResources?: Readonly<Record<string, readonly string[]>>;
  triggers: readonly RuleTrigger[];
  remediation: { text: string; cli: string };
  /**
   * Global rules (Budgets, IAM, the us-east-1 billing metric) are evaluated once per account with
   * readers for us-east-1, and their findings carry region `global`... or us-east-1 if `homeRegion`.
   */
  global?: boolean;
}

export interface RuleContext<P> {
  accountId: string;
  /** The region being evaluated (us-east-1 for global rules). */
  region: string;
  partition: string;
  params: P;
  /** The evaluation's clock (tests and the benchmark fix it): rules that judge ages read this, not Date. */
  now: Date;
}

type ParamsSchema<P> = z.ZodType<P, unknown>;

export interface ResourceRuleDefinition<P> extends RuleMetadata {
  params?: ParamsSchema<P>;
  /**
   * Lists the native names of the resources this rule covers in `ctx.region`: every name `evaluate`
   * gives a verdict on, NOT_APPLICABLE ones included (a complete sweep closes the findings it does not list).
   */
  resources(readers: Readers, ctx: RuleContext<P>): Promise<readonly string[]>;
  /**
   * The region a named resource lives in, for resources whose name does not say (S3 buckets).
   * Without it a targeted evaluation uses the event's region.
   */
  locate?(readers: Readers, name: string, ctx: RuleContext<P>): Promise<string>;
  /**
   * Throws ResourceNotFoundError when the resource is gone, OutOfScopeError when it is not one `resources`
   * lists (judged through another resource); any other error becomes an ERROR finding.
   */
  evaluate(readers: Readers, name: string, ctx: RuleContext<P>): Promise<Evaluation>;
  /**
   * What AWS is still applying to a resource (`status modifying`, `pending modifications: ...`), or
   * undefined once it has settled. Called after `evaluate` in targeted evaluations, with the same readers
   * (so it re-uses the facts `evaluate` read); follow-ups stop once it answers undefined.
   */
  settling?(readers: Readers, name: string, ctx: RuleContext<P>): Promise<string | undefined>;
}

export interface AccountRuleDefinition<P> extends RuleMetadata {
  params?: ParamsSchema<P>;
  evaluate(readers: Readers, ctx: RuleContext<P>): Promise<Evaluation>;
}

export type RuleDefinition<P> = ResourceRuleDefinition<P> | AccountRuleDefinition<P>;

/** A rule with its params resolved: what the engine runs. */
export type BoundRule =
  | {
      scope: 'resource';
      rule: Rule;
      params: unknown;
      resources(readers: Readers, ctx: RuleContext<unknown>): Promise<readonly string[]>;
      locate?(readers: Readers, name: string, ctx: RuleContext<unknown>): Promise<string>;
      evaluate(readers: Readers, name: string, ctx: RuleContext<unknown>): Promise<Evaluation>;
      settling?(readers: Readers, name: string, ctx: RuleContext<unknown>): Promise<string | undefined>;
    }
  | {
      scope: 'account';
      rule: Rule;
      params: unknown;
      evaluate(readers: Readers, ctx: RuleContext<unknown>): Promise<Evaluation>;
    };

/** A registered rule: its metadata, and `bind` to resolve params (defaults merged with overrides). */
export interface Rule extends Readonly<RuleMetadata> {
  readonly scope: 'resource' | 'account';
  /** Default params as JSON (for docs and `preflight rules`). */
  readonly defaultParams: Readonly<Record<string, unknown>>;
  /** Validates overrides (throws RuleDefinitionError with the offending path) and binds them. */
  bind(overrides?: unknown): BoundRule;
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)+$/;
const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

const NO_PARAMS = z.object({}).strict();

function checkMetadata(def: RuleMetadata): void {
  const problems: string[] = [];
  if (!ID_PATTERN.test(def.id)) problems.push('id must be kebab-case');
  if (!def.title.trim()) problems.push('title is empty');
  if (!def.description.trim()) problems.push('description is empty');
  if (!def.absentFields?.trim()) problems.push('absentFields is empty');
  if (!def.checklist.item.trim() || !def.checklist.source.trim()) problems.push('checklist item is missing');
  if (def.iamActions.length === 0) problems.push('iamActions is empty');
  for (const action of def.iamActions) {
    if (!ACTION_PATTERN.test(action)) problems.push(`iamAction "${action}" is not service:Action (no wildcards)`);
  }
  for (const [action, arns] of Object.entries(def.iamResources ?? {})) {
    if (!def.iamActions.includes(action)) problems.push(`iamResources names "${action}", which is not in iamActions`);
    if (arns.length === 0) problems.push(`iamResources of "${action}" is empty`);
    for (const arn of arns) if (!/^arn:aws:[a-z0-9-]+:/.test(arn)) problems.push(`iamResources of "${action}": "${arn}" is not an arn:aws: pattern`);
  }
  if (def.triggers.length === 0) problems.push('triggers is empty');
  for (const trigger of def.triggers) {
    if (!/^[a-z0-9-]+\.amazonaws\.com$/.test(trigger.eventSource)) {
      problems.push(`trigger eventSource "${trigger.eventSource}" is not <service>.amazonaws.com`);
    }
    if (trigger.eventNames.length === 0) problems.push(`trigger ${trigger.eventSource} has no eventNames`);
    if (trigger.everyResourceInRegion && (trigger.resourceNames || !('resources' in def))) {
      problems.push(`trigger ${trigger.eventSource} ${trigger.eventNames.join(',')}: everyResourceInRegion is for resource rules, without resourceNames`);
    }
  }
  if (!def.remediation.text.trim() || !def.remediation.cli.trim()) problems.push('remediation text or cli is missing');
  if (problems.length > 0) {
    throw new RuleDefinitionError(`rule ${def.id || '(no id)'}: ${problems.join('; ')}`);
  }
}

function isResourceRule<P>(def: RuleDefinition<P>): def is ResourceRuleDefinition<P> {
  return 'resources' in def;
}

/** Declares a rule over resources (buckets, alarms...). Metadata is checked when the registry loads. */
export function defineRule<P = Record<string, never>>(def: ResourceRuleDefinition<P>): Rule {
  return buildRule(def);
}

/** Declares an account-level rule ("a budget exists"): one finding per account (and region). */
export function defineAccountRule<P = Record<string, never>>(def: AccountRuleDefinition<P>): Rule {
  return buildRule(def);
}

function buildRule<P>(def: RuleDefinition<P>): Rule {
  checkMetadata(def);
  // A follow-up needs to know when to stop, and a resource name to re-evaluate.
  if (def.triggers.some((t) => t.settles) && !(isResourceRule(def) && def.settling)) {
    throw new RuleDefinitionError(`rule ${def.id}: a trigger settles later, but the rule has no settling() (resource rules only)`);
  }
  const schema = (def.params ?? NO_PARAMS) as ParamsSchema<P>;
  const defaults = schema.safeParse({});
  if (!defaults.success) {
    throw new RuleDefinitionError(`rule ${def.id}: params must all have defaults`, { cause: defaults.error });
  }

  const parse = (overrides: unknown): P => {
    const result = schema.safeParse(overrides ?? {});
    if (!result.success) {
      const detail = result.error.issues.map((issue) => `${[def.id, ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
      throw new RuleDefinitionError(`invalid params: ${detail}`, { cause: result.error });
    }
    return result.data;
  };

  const { params: _schema, ...metadata } = def;
  const scope = isResourceRule(def) ? 'resource' : 'account';

  // Typed params are captured by closure, so the engine never handles a rule's param type.
  const bind = (overrides?: unknown): BoundRule => {
    const params = parse(overrides);
    const withParams = (ctx: RuleContext<unknown>): RuleContext<P> => ({ ...ctx, params });
    if (isResourceRule(def)) {
      const { locate, settling } = def;
      return {
        scope: 'resource',
        rule,
        params,
        resources: (readers, ctx) => def.resources(readers, withParams(ctx)),
        locate: locate ? (readers, name, ctx) => locate(readers, name, withParams(ctx)) : undefined,
        evaluate: (readers, name, ctx) => def.evaluate(readers, name, withParams(ctx)),
        settling: settling ? (readers, name, ctx) => settling(readers, name, withParams(ctx)) : undefined,
      };
    }
    return { scope: 'account', rule, params, evaluate: (readers, ctx) => def.evaluate(readers, withParams(ctx)) };
  };

  const rule: Rule = Object.freeze({
    ...metadata,
    scope,
    defaultParams: Object.freeze({ ...(defaults.data as Record<string, unknown>) }),
    bind,
  });
  return rule;
}

export function pass(reason: string, evidence?: Evidence): Evaluation {
  return { status: 'PASS', reason, evidence };
}

export function fail(reason: string, evidence?: Evidence): Evaluation {
  return { status: 'FAIL', reason, evidence };
}

export function notApplicable(reason: string, evidence?: Evidence): Evaluation {
  return { status: 'NOT_APPLICABLE', reason, evidence };
}

/** ERROR from an answer that does not contain what the verdict needs: the reason says what is missing. */
export function cannotTell(reason: string, evidence?: Evidence): Evaluation {
  return { status: 'ERROR', reason, evidence };
}

/** Reads a string at a dotted path of a CloudTrail `requestParameters`/`responseElements` object. */
export function stringAt(source: unknown, path: string): string | undefined {
  let value: unknown = source;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Reads an array of strings (ignoring non-strings) at a dotted path. */
export function stringsAt(source: unknown, path: string): string[] {
  let value: unknown = source;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string' && value) return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/** Trigger extractor for the common case: one name at one path of `requestParameters`. */
export function fromRequest(path: string): (detail: CloudTrailDetail) => string[] {
  return (detail) => stringsAt(detail.requestParameters, path);
}
