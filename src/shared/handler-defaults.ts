/** The middleware stack every handler shares: tracing, Lambda context in logs, metrics flushed (EMF). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type EvaluateResult } from './engine.js';
import { logger, MetricUnit, metrics, tracer } from './powertools.js';

export function withHandlerDefaults<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy(handler)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
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
    logger.warn('evaluations ended in ERROR', { ruleId, count, reasons: findings.filter((f) => f.ruleId === ruleId && f.status === 'ERROR').slice(0, 5).map((f) => f.reason) });
  }
}

export function addAlertMetrics(regressions: number, published: number, failed: number): void {
  metrics.addMetric('Regressions', MetricUnit.Count, regressions);
  metrics.addMetric('AlertsPublished', MetricUnit.Count, published);
  if (failed > 0) metrics.addMetric('AlertPublishFailures', MetricUnit.Count, failed);
}

export {};
