/** Test helpers: run rules through the real AWS readers with the SDK mocked by aws-sdk-client-mock. */
import { awsApiProvider } from '#shared/aws/clients.js';
import type { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate, type EvaluateResult, type EvaluationTarget } from '#shared/engine/engine.js';
import type { Finding } from '#shared/core/model.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { type ApiCall, recordingApis, undeclared } from './iam-actions.js';

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

/**
 * Evaluates one rule against whatever the test mocked, through the SDK-backed readers. Throws when the rule
 * made a call its iamActions (or iamResources) do not cover: in production that call is AccessDenied.
 */
export async function runRule(rule: Rule, options: RunOptions = {}): Promise<EvaluateResult> {
  const calls: ApiCall[] = [];
  const apis = awsApiProvider({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' }, maxAttempts: 1 });
  const result = await evaluate({
    accountId: ACCOUNT,
    regions: options.regions ?? [REGION],
    rules: [rule.bind(options.params)],
    apis: recordingApis(apis, (call) => calls.push(call)),
    target: options.target,
    session: options.session,
  });
  const problems = undeclared(rule, calls);
  if (problems.length > 0) throw new Error(`calls outside the rule's IAM grants:\n${problems.join('\n')}`);
  return result;
}

/** The findings of a run as `name → status: reason`, for compact assertions. */
export function verdicts(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.resourceName, `${f.status}: ${f.reason}`]));
}
