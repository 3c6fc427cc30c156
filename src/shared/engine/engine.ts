/**
 * The engine: evaluates bound rules over an account (a sweep) or over named resources (a CloudTrail
 * event), with bounded concurrency. No rule's failure aborts the others: any error becomes an ERROR
 * finding with the AWS error code in its reason, a vanished resource becomes RESOLVED.
 */
import type { BoundRule, RuleContext } from '../../rules/define-rule.js';
import { type ApiProvider, createReaders, type Readers } from '#shared/aws/readers.js';
import { Limiter } from '#shared/core/limiter.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { errorCode, errorEvidence, errorMessage, ResourceNotFoundError } from '#shared/core/errors.js';
import { type Evaluation, type Finding, GLOBAL_REGION, type ResourceType, type Settlement } from '#shared/core/model.js';
import { accountResourceId, displayNameOf, homeRegionOf, partitionOf, resourceIdOf } from '#shared/core/resource-ids.js';

export interface EvaluationTarget {
  /** The region the event happened in. */
  region: string;
  /** Native names of the resources to re-evaluate; account-level rules are simply re-run. */
  resourceNames: readonly string[];
}

export interface Progress {
  done: number;
  /** Grows while resources are still being listed. */
  total: number;
  ruleId: string;
}

export interface EvaluateRequest {
  accountId: string;
  /** Regions of a sweep; global rules run once whatever this holds. */
  regions: readonly string[];
  rules: readonly BoundRule[];
  apis: ApiProvider;
  /** Share one session to share facts between calls; defaults to a fresh one. */
  session?: ScanSession;
  /** Evaluate only these resources instead of sweeping. */
  target?: EvaluationTarget;
  /**
   * Caps evaluations in flight (e.g. 1 for a serial baseline). Unset = no cap: API calls are what
   * needs bounding, and the session's per-(service, region) limiters do that. A global cap here would
   * stall them: evaluations waiting on one busy limiter would hold every slot while other services'
   * and regions' limiters sit idle (docs/performance.md: the former cap of 32 made a 4-region sweep ~1.8x slower).
   */
  concurrency?: number;
  now?: () => Date;
  onProgress?: (progress: Progress) => void;
}

/** A (rule, region) whose resources were all listed: the store may close findings it no longer lists. */
export interface CoverageEntry {
  ruleId: string;
  region: string;
}

export interface EvaluateResult {
  findings: Finding[];
  complete: CoverageEntry[];
  /** API calls issued, by `service:Operation`. */
  calls: Record<string, number>;
}

const MAX_REASON_LENGTH = 400;

interface Unit {
  bound: BoundRule;
  /** The region whose readers the rule uses. */
  apiRegion: string;
  /** The region written on findings (`global` for global rules). */
  findingRegion: string;
}

export async function evaluate(request: EvaluateRequest): Promise<EvaluateResult> {
  const session = request.session ?? new ScanSession();
  const now = request.now ?? (() => new Date());
  const limiter = request.concurrency === undefined ? undefined : new Limiter(request.concurrency);
  const limited = <T>(task: () => Promise<T>): Promise<T> => (limiter ? limiter.run(task) : task());
  const readersByRegion = new Map<string, Readers>();
  const readersFor = (region: string): Readers => {
    let readers = readersByRegion.get(region);
    if (!readers) {
      readers = createReaders({ apis: request.apis, session, region, accountId: request.accountId });
      readersByRegion.set(region, readers);
    }
    return readers;
  };

  const findings: Finding[] = [];
  const complete: CoverageEntry[] = [];
  const progress = { done: 0, total: 0 };
  const report = (ruleId: string) => request.onProgress?.({ ...progress, ruleId });

  const units = unitsOf(request);
  progress.total = units.length;

  const makeFinding = (unit: Unit, name: string, region: string, type: ResourceType, verdict: Verdict): Finding => {
    const { rule } = unit.bound;
    const at = { accountId: request.accountId, region, partition: partitionOf(unit.apiRegion) };
    return {
      ruleId: rule.id,
      resourceId: resourceIdOf(type, name, at),
      resourceName: type === 'AWS::::Account' ? accountResourceId(at) : displayNameOf(name),
      resourceType: type,
      accountId: request.accountId,
      region,
      status: verdict.status,
      severity: rule.severity,
      reason: truncate(verdict.reason),
      evidence: verdict.evidence ?? {},
      evaluatedAt: now().toISOString(),
    };
  };

  const contextOf = (unit: Unit, region: string): RuleContext<unknown> => ({
    accountId: request.accountId,
    region,
    partition: partitionOf(region),
    params: unit.bound.params,
    now: now(),
  });

  const recordAccountLevel = (unit: Unit, verdict: Verdict): void => {
    findings.push(makeFinding(unit, request.accountId, unit.findingRegion, 'AWS::::Account', verdict));
    progress.done += 1;
    report(unit.bound.rule.id);
  };

  /**
   * Evaluates one named resource. `region` is where it lives, or `locate` when only the rule can
   * tell (an S3 bucket named by a CloudTrail event).
   */
  const evaluateResource = async (unit: Unit, name: string, region: string | 'locate'): Promise<void> => {
    const { bound } = unit;
    if (bound.scope !== 'resource') return;
    await limited(async () => {
      let resourceRegion = region;
      const { locate } = bound;
      if (resourceRegion === 'locate' && locate) {
        const located = await settle(async () => {
          resourceRegion = await locate(readersFor(unit.apiRegion), name, contextOf(unit, unit.apiRegion));
          return { status: 'PASS', reason: 'located' };
        }, name);
        if (located.status !== 'PASS') {
          findings.push(makeFinding(unit, name, unit.apiRegion, bound.rule.resourceType, located));
          return;
        }
      }
      const apiRegion = resourceRegion === 'locate' ? unit.apiRegion : resourceRegion;
      const verdict = await settle(() => bound.evaluate(readersFor(apiRegion), name, contextOf(unit, apiRegion)), name);
      const findingRegion = unit.findingRegion === GLOBAL_REGION ? GLOBAL_REGION : apiRegion;
      const finding = makeFinding(unit, name, findingRegion, bound.rule.resourceType, verdict);
      const { settling } = bound;
      if (request.target && settling && verdict.status !== 'RESOLVED') {
        finding.settlement = await settlementOf(() => settling(readersFor(apiRegion), name, contextOf(unit, apiRegion)), name);
      }
      findings.push(finding);
    });
    progress.done += 1;
    report(bound.rule.id);
  };

  const runUnit = async (unit: Unit): Promise<void> => {
    const { bound } = unit;
    const readers = readersFor(unit.apiRegion);
    const ctx = contextOf(unit, unit.apiRegion);

    if (bound.scope === 'account') {
      recordAccountLevel(unit, await limited(() => settle(() => bound.evaluate(readers, ctx), request.accountId)));
      return;
    }

    if (request.target) {
      const { resourceNames } = request.target;
      progress.total += resourceNames.length - 1;
      // Global rules read from their home region; regional ones from the event's, unless they locate.
      const region = bound.locate && !bound.rule.global ? 'locate' : unit.apiRegion;
      await Promise.all(resourceNames.map((name) => evaluateResource(unit, name, region)));
      return;
    }

    let names: readonly string[];
    try {
      names = await bound.resources(readers, ctx);
    } catch (error) {
      recordAccountLevel(unit, errorVerdict(error, 'could not list resources: '));
      return;
    }
    complete.push({ ruleId: bound.rule.id, region: unit.findingRegion });
    if (names.length === 0) {
      recordAccountLevel(unit, {
        status: 'NOT_APPLICABLE',
        reason: `no ${bound.rule.resourceType} in ${unit.findingRegion}`,
        evidence: {},
      });
      return;
    }
    progress.total += names.length - 1;
    report(bound.rule.id);
    await Promise.all(names.map((name) => evaluateResource(unit, name, unit.apiRegion)));
  };

  await Promise.all(units.map(runUnit));
  findings.sort(compareFindings);
  return { findings, complete, calls: session.calls() };
}

function unitsOf(request: EvaluateRequest): Unit[] {
  const units: Unit[] = [];
  const regions = request.target ? [request.target.region] : [...new Set(request.regions)];
  for (const bound of request.rules) {
    if (bound.rule.global) {
      const home = homeRegionOf(partitionOf(regions[0] ?? 'us-east-1'));
      units.push({ bound, apiRegion: home, findingRegion: GLOBAL_REGION });
    } else {
      for (const region of regions) units.push({ bound, apiRegion: region, findingRegion: region });
    }
  }
  return units;
}

/** What an evaluation ends as: a rule's own verdict, or RESOLVED when the resource is gone. */
type Verdict = Evaluation | { status: 'RESOLVED'; reason: string; evidence?: Evaluation['evidence'] };

/** Runs one evaluation, turning any throw into ERROR (or RESOLVED for a vanished resource). */
async function settle(run: () => Promise<Evaluation>, name: string): Promise<Verdict> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ResourceNotFoundError) {
      return { status: 'RESOLVED', reason: error.reason ?? `${displayNameOf(name)} no longer exists`, evidence: {} };
    }
    return errorVerdict(error);
  }
}

/** Whether AWS still applies a change; one that cannot be told counts as pending (follow-ups are bounded). */
async function settlementOf(run: () => Promise<string | undefined>, name: string): Promise<Settlement> {
  try {
    const pending = await run();
    return pending === undefined ? { name } : { name, pending };
  } catch (error) {
    return { name, pending: `cannot tell whether settled: ${errorCode(error)}: ${errorMessage(error)}` };
  }
}

function errorVerdict(error: unknown, prefix = ''): Evaluation {
  const code = errorCode(error);
  return { status: 'ERROR', reason: `${prefix}${code}: ${errorMessage(error)}`, evidence: { errorCode: code, ...errorEvidence(error) } };
}

function truncate(text: string): string {
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

/** Stable order: rule, region, resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.ruleId.localeCompare(b.ruleId) || a.region.localeCompare(b.region) || a.resourceId.localeCompare(b.resourceId);
}
