/** Test helpers: run rules through the real AWS readers with the SDK mocked by aws-sdk-client-mock. */
import { awsApiProvider } from '../../src/shared/aws/clients.js';
import { ScanSession } from '../../src/shared/aws/scan-session.js';
import { evaluate, type EvaluateResult, type EvaluationTarget } from '../../src/shared/engine.js';
import type { Finding } from '../../src/shared/model.js';
import type { Rule } from '../../src/rules/define-rule.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

/** An error shaped like an SDK v3 service exception (`name` is the AWS error code). */
export function awsError(code: string, message = `${code} (test)`, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), {
    name: code,
    $fault: 'client' as const,
    $metadata: { httpStatusCode },
  });
}

export const accessDenied = () => awsError('AccessDenied', 'User is not authorized to perform this action', 403);
export const throttled = () => awsError('ThrottlingException', 'Rate exceeded', 400);

export interface RunOptions {
  regions?: string[];
  target?: EvaluationTarget;
  params?: unknown;
  session?: ScanSession;
}

/** Evaluates one rule against whatever the test mocked, through the SDK-backed readers. */
export async function runRule(rule: Rule, options: RunOptions = {}): Promise<EvaluateResult> {
  return evaluate({
    accountId: ACCOUNT,
    regions: options.regions ?? [REGION],
    rules: [rule.bind(options.params)],
    apis: awsApiProvider({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' }, maxAttempts: 1 }),
    target: options.target,
    session: options.session,
  });
}

/** The findings of a run as `name → status: reason`, for compact assertions. */
export function verdicts(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.resourceName, `${f.status}: ${f.reason}`]));
}
