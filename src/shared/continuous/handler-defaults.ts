/** The middleware stack every handler shares: tracing (when deployed with it), Lambda context in logs, metrics flushed (EMF). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { EvaluateResult } from '#shared/engine/engine.js';
import { AlertDeliveryError, type DrainResult } from '#shared/alerts/notifier.js';
import { tracingEnabled } from '#shared/config/env.js';
import { logger, MetricUnit, metrics } from '#shared/core/powertools.js';
import type { RecordResult } from '#shared/store/findings-store.js';
import type { captureHandler } from './tracing.js';

type Capture = ReturnType<typeof captureHandler>;

/**
 * X-Ray capture of the handler, loaded by the first invocation: the Tracer and the X-Ray SDK would add
 * ~56 ms to every cold start if imported with the handler (docs/performance.md §5). A failed load is
 * not kept, so the next invocation tries again.
 */
function tracingOnFirstUse(): MiddlewareObj {
  let capture: Promise<Capture> | undefined;
  const load = (): Promise<Capture> => {
    capture ??= import('./tracing.js')
      .then((tracing) => tracing.captureHandler())
      .catch((error: unknown) => {
        capture = undefined;
        throw error;
      });
    return capture;
  };
  return {
    before: async (request) => {
      await (await load()).before?.(request);
    },
    after: async (request) => {
      await (await load()).after?.(request);
    },
    onError: async (request) => {
      await (await load()).onError?.(request);
    },
  };
}

/** `handler` with the shared middleware stack; TRACING (the `tracing` deploy param) adds X-Ray capture. */
export function withHandlerDefaults<E, R>(handler: (event: E, context: Context) => Promise<R>, env: NodeJS.ProcessEnv = process.env) {
  const stack = middy(handler);
  if (tracingEnabled(env)) stack.use(tracingOnFirstUse());
  return stack.use(injectLambdaContext(logger, { resetKeys: true })).use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/** Evaluation metrics: evaluations and failures overall, errors by rule (its own dimension). */
export function addEvaluationMetrics(result: EvaluateResult): void {
  const findings = result.findings;
  metrics.addMetric('Evaluations', MetricUnit.Count, findings.length);
  metrics.addMetric('Failures', MetricUnit.Count, findings.filter((f) => f.status === 'FAIL').length);
  const errorsByRule = new Map<string, number>();
  for (const f of findings) if (f.status === 'ERROR') errorsByRule.set(f.ruleId, (errorsByRule.get(f.ruleId) ?? 0) + 1);
  for (const [ruleId, count] of errorsByRule) {
    const single = metrics.singleMetric();
    single.addDimension('ruleId', ruleId);
    single.addMetric('EvaluationErrors', MetricUnit.Count, count);
    logger.warn('evaluations ended in ERROR', {
      ruleId,
      count,
      reasons: findings
        .filter((f) => f.ruleId === ruleId && f.status === 'ERROR')
        .slice(0, 5)
        .map((f) => f.reason),
    });
  }
}

/** Alert metrics: alerts decided by this invocation's transitions, and what its drain of the outbox did. */
export function addAlertMetrics(transitions: RecordResult['transitions'], drain: DrainResult): void {
  const decided = transitions.filter((t) => t.finding.alert?.version === t.finding.version).length;
  metrics.addMetric('Regressions', MetricUnit.Count, decided);
  metrics.addMetric('AlertsPublished', MetricUnit.Count, drain.published);
  if (drain.failed > 0) metrics.addMetric('AlertPublishFailures', MetricUnit.Count, drain.failed);
  if (drain.shortened > 0) metrics.addMetric('AlertsShortened', MetricUnit.Count, drain.shortened);
  // SNS refused them for good, even shortened: they left the outbox unsent (kept on the finding).
  if (drain.undeliverable > 0) metrics.addMetric('AlertsUndeliverable', MetricUnit.Count, drain.undeliverable);
}

/** What every trigger reports: its evaluation (when it ran one), its record, and its drain of the outbox. */
export interface TriggerReport {
  evaluation?: EvaluateResult;
  record?: Pick<RecordResult, 'transitions'>;
  drain: DrainResult;
}

/** The metrics of one trigger's evaluation and alerts, the same for every trigger. */
export function addReportMetrics(report: TriggerReport): void {
  if (report.evaluation) addEvaluationMetrics(report.evaluation);
  addAlertMetrics(report.record?.transitions ?? [], report.drain);
}

/** Alerts left pending make the trigger fail, so Lambda (or SQS) retries it and the outbox is drained again. */
export function assertAlertsDelivered(drain: Pick<DrainResult, 'failed' | 'errors'>): void {
  if (drain.failed > 0) throw new AlertDeliveryError(`${drain.failed} alerts could not be published: ${drain.errors.join('; ')}`);
}
