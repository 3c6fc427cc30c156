/**
 * Runs a routed CloudTrail event through the engine: each rule re-evaluates just the resources it named,
 * or, for a call that names none it can judge (DeleteFlowLogs), every resource it lists in the event's region.
 */
import type { Rule } from '../../rules/define-rule.js';
import type { ApiProvider } from '#shared/aws/readers.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import type { Route } from './cloudtrail-router.js';
import { compareFindings, evaluate, type EvaluateResult } from './engine.js';

export interface EvaluateRouteOptions {
  accountId: string;
  apis: ApiProvider;
  /** Param overrides by rule id. */
  params?: Readonly<Record<string, unknown>>;
  /** Only these rules may run (ENABLED_RULES); others are ignored. */
  enabled?: (rule: Rule) => boolean;
  /**
   * The regions this deployment watches (SCAN_REGIONS): an event from another region re-evaluates
   * global rules only (the us-east-1 forwarder also delivers regional calls made there).
   */
  regions?: readonly string[];
  now?: () => Date;
}

export async function evaluateRoute(route: Extract<Route, { action: 'evaluate' }>, options: EvaluateRouteOptions): Promise<EvaluateResult> {
  // One session: rules touched by the same event share their facts (one GetBucketVersioning).
  const session = new ScanSession();
  const inRegion = (rule: Rule) => rule.global === true || !options.regions || options.regions.includes(route.region);
  const targets = route.targets.filter((t) => (options.enabled?.(t.rule) ?? true) && inRegion(t.rule));
  const results = await Promise.all(
    targets.map((target) =>
      evaluate({
        accountId: options.accountId,
        regions: [route.region],
        rules: [target.rule.bind(options.params?.[target.rule.id])],
        apis: options.apis,
        session,
        target: target.everyResource ? undefined : { region: route.region, resourceNames: target.resourceNames },
        now: options.now,
      }),
    ),
  );
  return {
    findings: results.flatMap((r) => r.findings).sort(compareFindings),
    complete: [],
    calls: session.calls(),
  };
}
