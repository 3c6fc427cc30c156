/** Powertools instances shared by every handler of a container (service name from POWERTOOLS_SERVICE_NAME). */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger({ serviceName: 'preflight' });
export const metrics = new Metrics({ namespace: 'Preflight', serviceName: 'preflight' });
export const tracer = new Tracer({ serviceName: 'preflight' });

export { MetricUnit };
