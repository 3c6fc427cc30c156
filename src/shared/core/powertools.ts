/**
 * Powertools instances shared by every handler of a container (service name from POWERTOOLS_SERVICE_NAME).
 * The Tracer is not one of them: it loads only where the deployment turns tracing on (src/shared/continuous/tracing.ts).
 *
 * Logs are redacted on the way out: findings, events and errors are full of ARNs, and CloudTrail
 * records carry access key ids, so every string of every log item is masked before it is written —
 * AWS account ids (12 digits not glued to letters or digits, as in ARNs and generated names) keep their last four digits, access key ids
 * their four-letter prefix — and values under secret-looking keys are dropped whole.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * A 12-digit run not glued to letters or digits: an account id in an ARN (`:123456789012:`), a key, a
 * sentence, or a name AWS and its tools build around it between hyphens (`cdk-hnb659fds-assets-
 * 123456789012-eu-west-1`, `elasticbeanstalk-eu-west-1-123456789012`). Kept: the last group of a UUID
 * (certificate, key and request ids; all digits about once in 300) and any run of 11 or 13+ digits.
 * Masked although no account id: a 12-digit number that stands alone, e.g. a `-202405011230` timestamp
 * in a snapshot name; over-masking costs a debugging detail, under-masking leaks an account.
 */
const ACCOUNT_ID = /(?<![0-9A-Za-z])(?<![0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-)(\d{8})(\d{4})(?![0-9A-Za-z])/g;
/** Access key ids (long-term AKIA, temporary ASIA) and the other IAM unique-id prefixes. */
const ACCESS_KEY_ID = /(?<![A-Z0-9])(AKIA|ASIA|AIDA|AROA|AGPA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g;
/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /secret|password|passwd|token|authorization|credential|signature|cookie|private.?key/i;

export const REDACTED = '[REDACTED]';

export function redactText(text: string): string {
  return text
    .replace(ACCOUNT_ID, (_m, _head: string, tail: string) => `********${tail}`)
    .replace(ACCESS_KEY_ID, (m: string) => `${m.slice(0, 4)}${'*'.repeat(16)}`);
}

/** The Logger's JSON replacer: applied to every key/value of a log item, nested ones and errors included. */
export function redactLogValue(key: string, value: unknown): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') return REDACTED;
  return typeof value === 'string' ? redactText(value) : value;
}

export const logger = new Logger({ serviceName: 'preflight', jsonReplacerFn: redactLogValue });
export const metrics = new Metrics({ namespace: 'Preflight', serviceName: 'preflight' });

export { MetricUnit };
