/**
 * Reading identity-policy documents the way IAM evaluates them, for the IAM rules. What is exact:
 * `Statement` as an object or an array; `Action`/`NotAction`/`Resource`/`NotResource` as a string or
 * an array; `*` and `?` wildcards; actions matched case-insensitively (IAM does), resources
 * case-sensitively. What is approximated, on purpose and on the side of reporting:
 * - a `Condition` is not evaluated: a conditional Allow still grants (the finding says "under a
 *   condition"), and only an unconditional Deny cancels an Allow;
 * - an Allow with `NotResource` applies to "every resource except a few", i.e. counts as Resource `*`;
 * - only this policy's own Deny statements are considered, not other policies, boundaries or SCPs.
 */
import { PolicyDocumentError } from '#shared/aws/services/iam/reader.js';
import { compileGlob } from '#shared/core/glob.js';

export interface Statement {
  /** 1-based position in the document. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Exactly one of `action` / `notAction` is set, and one of `resource` / `notResource` (or neither). */
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditional: boolean;
}

function stringList(value: unknown, field: string, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  throw new PolicyDocumentError(`${where}: ${field} is neither a string nor a list of strings`);
}

/** The statements of a decoded policy document, normalized. Throws PolicyDocumentError on a shape IAM would refuse. */
export function statementsOf(document: unknown, where = 'policy'): Statement[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new PolicyDocumentError(`${where}: the document is not a JSON object`);
  }
  const raw = (document as Record<string, unknown>).Statement;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((entry, i) => {
    const at = `${where} statement ${i + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new PolicyDocumentError(`${at} is not an object`);
    const s = entry as Record<string, unknown>;
    const effect = s.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyDocumentError(`${at}: Effect is ${JSON.stringify(effect)}`);
    const action = stringList(s.Action, 'Action', at);
    const notAction = stringList(s.NotAction, 'NotAction', at);
    if ((action === undefined) === (notAction === undefined)) throw new PolicyDocumentError(`${at}: needs exactly one of Action and NotAction`);
    const condition = s.Condition;
    return {
      index: i + 1,
      sid: typeof s.Sid === 'string' && s.Sid ? s.Sid : undefined,
      effect,
      action,
      notAction,
      resource: stringList(s.Resource, 'Resource', at),
      notResource: stringList(s.NotResource, 'NotResource', at),
      conditional: condition !== undefined && condition !== null && typeof condition === 'object' && Object.keys(condition).length > 0,
    };
  });
}

/** An IAM action pattern against one action (`s3:Delete*` vs `s3:DeleteBucket`): case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return compileGlob(pattern, { ignoreCase: true }).test(action);
}

/** A Resource pattern against one ARN: ARNs are case-sensitive. Patterns come from the scanned account: no backtracking. */
export function resourceMatches(pattern: string, arn: string): boolean {
  return compileGlob(pattern).test(arn);
}

/** A pattern that names every action of every service: `*`, `*:*`. */
export function isEveryAction(pattern: string): boolean {
  return /^\*+(:\*+)?$/.test(pattern);
}

/** Whether the statement's action part covers `action`. */
export function grantsAction(s: Statement, action: string): boolean {
  if (s.action) return s.action.some((p) => actionMatches(p, action));
  return !(s.notAction ?? []).some((p) => actionMatches(p, action));
}

/**
 * Whether the statement covers every action of `service`, including ones AWS adds later: an Action
 * pattern `*`, `*:*` or `<service>:*`; or a NotAction that names nothing of that service.
 */
export function coversService(s: Statement, service: string): boolean {
  const serviceOf = (p: string) => (p.includes(':') ? p.slice(0, p.indexOf(':')) : p);
  const nameOf = (p: string) => (p.includes(':') ? p.slice(p.indexOf(':') + 1) : '*');
  if (s.action) return s.action.some((p) => actionMatches(serviceOf(p), service) && /^\*+$/.test(nameOf(p)));
  return !(s.notAction ?? []).some((p) => actionMatches(serviceOf(p), service));
}

/** Whether the statement applies to this ARN (Resource matches it, or NotResource does not). */
export function appliesTo(s: Statement, arn: string): boolean {
  if (s.resource) return s.resource.some((p) => resourceMatches(p, arn));
  if (s.notResource) return !s.notResource.some((p) => resourceMatches(p, arn));
  return false;
}

/**
 * ARNs no policy author names on purpose: a statement that applies to all of them applies to every
 * resource (`*`, `arn:aws:*:*:*:*`, or a NotResource).
 */
function probes(partition: string): { any: string[]; s3: string[] } {
  return {
    any: [
      `arn:${partition}:iam::000000000000:role/zz-preflight-probe`,
      `arn:${partition}:ec2:zz-probe-1:000000000000:instance/i-0zzpreflightprobe`,
      `arn:${partition}:s3:::zz-preflight-probe`,
    ],
    // Every bucket, or every object of every bucket: both are a wildcard over buckets.
    s3: [`arn:${partition}:s3:::zz-preflight-probe`, `arn:${partition}:s3:::zz-preflight-probe/zz-probe-key`],
  };
}

/** Whether the statement applies to every resource. */
export function appliesToEverything(s: Statement, partition = 'aws'): boolean {
  return probes(partition).any.every((arn) => appliesTo(s, arn));
}

/** Whether the statement applies to every bucket (or every object of every bucket). */
export function appliesToEveryBucket(s: Statement, partition = 'aws'): boolean {
  return probes(partition).s3.some((arn) => appliesTo(s, arn));
}

/** Unconditional Deny statements that apply to every resource: the only ones that certainly cancel an Allow. */
function blanketDenies(statements: readonly Statement[], partition: string): Statement[] {
  return statements.filter((s) => s.effect === 'Deny' && !s.conditional && appliesToEverything(s, partition));
}

/** How a statement is quoted in findings: `"s3:*"`, `NotAction ["iam:*"]`. */
export function describeActions(s: Statement): string {
  return s.action ? quoted(s.action) : `NotAction [${quoted(s.notAction ?? [])}]`;
}

export function describeResources(s: Statement): string {
  if (s.resource) return quoted(s.resource);
  return s.notResource ? `NotResource [${quoted(s.notResource)}]` : '(no resource)';
}

export function statementLabel(s: Statement): string {
  return s.sid ? `statement "${s.sid}"` : `statement ${s.index}`;
}

export interface AdminGrant {
  statement: string;
  /** `every-action`: Action `*`; `all-but`: an Allow NotAction; `service`: `<service>:*` of an admin-equivalent service. */
  kind: 'every-action' | 'all-but' | 'service';
  service?: string;
  conditional: boolean;
  /** One phrase for the finding: `Allow "*" on "*"`. */
  text: string;
}

export interface AdminAnalysis {
  grants: AdminGrant[];
  /** Administrator grants an unconditional Deny in the same policy cancels, for the PASS sentence. */
  cancelled: string[];
}

/**
 * Statements granting administrator access: an Allow that applies to every resource with Action `*`
 * (or `*:*`), with any NotAction (every action but a few is administrator-equivalent), or with
 * `<service>:*` for a service in `adminServices` (e.g. `iam`, which can grant itself the rest).
 * An unconditional Deny on every resource cancels: of every action when it denies `*` or is itself a
 * NotAction Deny (only its few exceptions remain allowed); of a service when it covers that service.
 */
export function adminGrants(statements: readonly Statement[], adminServices: readonly string[], partition = 'aws'): AdminAnalysis {
  const denies = blanketDenies(statements, partition);
  // A NotAction Deny on every resource leaves only its few exceptions allowed.
  const everythingDenied = denies.some((d) => (d.notAction ? !d.notAction.some(isEveryAction) : (d.action ?? []).some(isEveryAction)));
  const grants: AdminGrant[] = [];
  const cancelled: string[] = [];
  for (const s of statements) {
    if (s.effect !== 'Allow' || !appliesToEverything(s, partition)) continue;
    const on = `on ${describeResources(s)}`;
    const when = s.conditional ? ' under a condition' : '';
    const base = { statement: statementLabel(s), conditional: s.conditional };
    const everyAction = (s.action ?? []).some(isEveryAction);
    const allBut = s.notAction !== undefined && !s.notAction.some(isEveryAction);
    if (everyAction || allBut) {
      const text = everyAction ? `Allow ${describeActions(s)} ${on}` : `Allow ${describeActions(s)} ${on} (every other action)`;
      if (!everythingDenied) {
        grants.push({ ...base, kind: everyAction ? 'every-action' : 'all-but', text: `${text}${when}` });
        continue;
      }
      cancelled.push(text);
    }
    // Reached when the statement is not (or no longer) an every-action grant: a whole admin service may remain.
    const service = adminServices.find((svc) => coversService(s, svc) && !denies.some((d) => coversService(d, svc)));
    if (service) grants.push({ ...base, kind: 'service', service, text: `Allow every ${service} action (${describeActions(s)}) ${on}${when}` });
  }
  return { grants, cancelled };
}

/** S3 actions at the Write / Permissions management access level (IAM service authorization reference). */
export const S3_WRITE_ACTIONS: readonly string[] = [
  's3:AbortMultipartUpload',
  's3:BypassGovernanceRetention',
  's3:CreateAccessPoint',
  's3:CreateBucket',
  's3:CreateJob',
  's3:DeleteAccessPoint',
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:DeleteBucketWebsite',
  's3:DeleteObject',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersion',
  's3:DeleteObjectVersionTagging',
  's3:PutAccelerateConfiguration',
  's3:PutAnalyticsConfiguration',
  's3:PutBucketAcl',
  's3:PutBucketCORS',
  's3:PutBucketLogging',
  's3:PutBucketNotification',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketRequestPayment',
  's3:PutBucketTagging',
  's3:PutBucketVersioning',
  's3:PutBucketWebsite',
  's3:PutEncryptionConfiguration',
  's3:PutIntelligentTieringConfiguration',
  's3:PutInventoryConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutMetricsConfiguration',
  's3:PutObject',
  's3:PutObjectAcl',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutObjectTagging',
  's3:PutObjectVersionAcl',
  's3:PutReplicationConfiguration',
  's3:ReplicateDelete',
  's3:ReplicateObject',
  's3:ReplicateTags',
  's3:RestoreObject',
];

/** An exact S3 action not in the list above is a write when its verb is one (AWS adds Put* actions often). */
const WRITE_VERB = /^s3:(Put|Delete|Create|Replicate|Restore|Abort|Bypass|Update)/i;

export interface S3Grant {
  statement: string;
  /** `all-actions`: every S3 action; `dangerous`: a named dangerous action; `wildcard-write`: writes on every bucket. */
  kind: 'all-actions' | 'dangerous' | 'wildcard-write';
  actions: string[];
  conditional: boolean;
  text: string;
}

/**
 * Where a policy is too broad for S3 (seed 000 §3): every S3 action (`s3:*`, `*`, or a NotAction that
 * leaves S3 in) on any resource; one of `dangerousActions` (default s3:DeleteBucket) on any resource;
 * or an S3 write on every bucket (`*`, `arn:aws:s3:::*`, `arn:aws:s3:::*\/*`). A statement granting
 * every S3 action is reported once, as that. Blanket unconditional Denies in the policy cancel.
 */
export function broadS3Grants(statements: readonly Statement[], dangerousActions: readonly string[], partition = 'aws'): S3Grant[] {
  // A Deny cancels here when it is unconditional and applies to every bucket (so to whichever the Allow names).
  const denies = statements.filter((s) => s.effect === 'Deny' && !s.conditional && appliesToEveryBucket(s, partition));
  const denied = (action: string) => denies.some((d) => grantsAction(d, action));
  const grants: S3Grant[] = [];
  for (const s of statements) {
    if (s.effect !== 'Allow' || (!s.resource && !s.notResource)) continue;
    const base = { statement: statementLabel(s), conditional: s.conditional };
    const tail = ` on ${describeResources(s)}${s.conditional ? ' under a condition' : ''}`;
    if (coversService(s, 's3') && !denies.some((d) => coversService(d, 's3'))) {
      const covering = s.action ? quoted(s.action.filter((p) => coversService({ ...s, action: [p] }, 's3'))) : describeActions(s);
      grants.push({ ...base, kind: 'all-actions', actions: ['s3:*'], text: `every S3 action (${covering})${tail}` });
      continue;
    }
    const dangerous = dangerousActions.filter((a) => grantsAction(s, a) && !denied(a));
    if (dangerous.length > 0) {
      grants.push({ ...base, kind: 'dangerous', actions: dangerous, text: `${dangerous.join(', ')} (${via(s, dangerous)})${tail}` });
    }
    if (!appliesToEveryBucket(s, partition)) continue;
    const exact = (s.action ?? []).filter((p) => !/[*?]/.test(p) && WRITE_VERB.test(p));
    const writes = [...new Set([...S3_WRITE_ACTIONS.filter((a) => grantsAction(s, a)), ...exact])].filter((a) => !denied(a));
    if (writes.length > 0) {
      grants.push({ ...base, kind: 'wildcard-write', actions: writes, text: `S3 writes (${via(s, writes)})${tail}` });
    }
  }
  return grants;
}

function quoted(list: readonly string[]): string {
  return list.map((v) => JSON.stringify(v)).join(', ');
}

/** The patterns of a statement that grant any of `actions`: `"s3:Delete*"`, or its whole NotAction. */
function via(s: Statement, actions: readonly string[]): string {
  if (!s.action) return describeActions(s);
  return quoted(s.action.filter((p) => actions.some((a) => actionMatches(p, a))));
}
