/**
 * X-Ray capture of a handler (Powertools Tracer, which loads the X-Ray SDK). Only the `tracing` deploy param
 * turns it on, and handler-defaults.ts then loads this module with the first invocation: never imported
 * statically, so an untraced function never loads the X-Ray SDK.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

/** The middleware that opens and closes the handler's subsegment, with a Tracer of its own. */
export function captureHandler(): ReturnType<typeof captureLambdaHandler> {
  return captureLambdaHandler(new Tracer({ serviceName: 'preflight' }));
}
