/**
 * BatchImportFindings in batches Security Hub accepts (≤ 100 findings, ≤ 6 MB per request, ≤ 240 KB
 * per finding), with partial failures handled: findings Security Hub rejected for a transient reason are sent
 * again (a few times, with backoff); the rest are reported with their error code, never dropped silently.
 * A request that fails as a whole (Security Hub not enabled yet, access denied, throttling beyond the
 * retries) says nothing about its findings: they are all reported retryable, for the export cursor to
 * send again, and the batches after it are not sent (they would fail alike).
 */
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { errorCode, errorMessage } from '#shared/core/errors.js';

export const MAX_BATCH_FINDINGS = 100;
/** Security Hub caps a request at 6 MB; leave room for the envelope. */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

export interface ImportFailure {
  id: string;
  code: string;
  message: string;
  /** Worth sending again later (throttling, internal error); false for a finding Security Hub will never take. */
  retryable: boolean;
}

export interface ImportResult {
  imported: number;
  failed: ImportFailure[];
  /** BatchImportFindings requests sent, retries included. */
  requests: number;
}

export interface ImporterOptions {
  /** Attempts per batch, the first included (default 3). */
  maxAttempts?: number;
  /** First backoff in ms, doubled on each retry (default 500). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = /throttl|limitexceeded|toomanyrequests|internal|serviceunavailable|timeout|slowdown/i;

export function isRetryableCode(code: string): boolean {
  return RETRYABLE.test(code);
}

function isRetryableError(error: unknown): boolean {
  const e = error as { $retryable?: unknown; $fault?: unknown };
  return Boolean(e?.$retryable) || e?.$fault === 'server' || isRetryableCode(errorCode(error));
}

/** Splits findings into batches of at most 100 findings and MAX_BATCH_BYTES of JSON. */
export function batchFindings(findings: readonly AwsSecurityFinding[]): AwsSecurityFinding[][] {
  const batches: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let bytes = 0;
  for (const finding of findings) {
    const size = Buffer.byteLength(JSON.stringify(finding));
    if (current.length > 0 && (current.length >= MAX_BATCH_FINDINGS || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export class SecurityHubImporter {
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: Pick<SecurityHubClient, 'send'>,
    options: ImporterOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoffMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Imports every finding it can; batches go one after another (Security Hub allows 10 requests/s). */
  async import(findings: readonly AwsSecurityFinding[]): Promise<ImportResult> {
    const result: ImportResult = { imported: 0, failed: [], requests: 0 };
    const batches = batchFindings(findings);
    for (const [i, batch] of batches.entries()) {
      const refused = await this.importBatch(batch, result);
      if (!refused) continue;
      for (const f of batches.slice(i + 1).flat()) result.failed.push({ id: f.Id ?? '', ...refused, message: `not sent: ${refused.message}` });
      break;
    }
    return result;
  }

  /** Returns the request-level failure that ended the batch, if one did. */
  private async importBatch(batch: AwsSecurityFinding[], result: ImportResult): Promise<Omit<ImportFailure, 'id'> | undefined> {
    let refused: Omit<ImportFailure, 'id'> | undefined;
    let pending = batch;
    let lastFailures = new Map<string, ImportFailure>();
    for (let attempt = 1; attempt <= this.maxAttempts && pending.length > 0; attempt += 1) {
      if (attempt > 1) await this.sleep(this.backoffMs * 2 ** (attempt - 2));
      result.requests += 1;
      let out: BatchImportFindingsCommandOutput;
      try {
        out = await this.client.send(new BatchImportFindingsCommand({ Findings: pending }));
      } catch (error) {
        // The whole request failed (the SDK already retried throttling): nothing is known of its findings,
        // so each is left for the export cursor to re-send; only a transient error is retried now.
        refused = { code: errorCode(error), message: errorMessage(error), retryable: true };
        const failure = refused;
        lastFailures = new Map(pending.map((f) => [f.Id ?? '', { id: f.Id ?? '', ...failure }]));
        if (!isRetryableError(error)) break;
        continue;
      }
      refused = undefined;
      const failedIds = new Map<string, ImportFailure>();
      for (const failed of out.FailedFindings ?? []) {
        const id = failed.Id ?? '';
        const code = failed.ErrorCode ?? 'UnknownError';
        failedIds.set(id, { id, code, message: failed.ErrorMessage ?? code, retryable: isRetryableCode(code) });
      }
      result.imported += pending.length - failedIds.size;
      // Rejected for good (invalid input, no access): report now, do not resend.
      for (const failure of failedIds.values()) if (!failure.retryable) result.failed.push(failure);
      pending = pending.filter((f) => failedIds.get(f.Id ?? '')?.retryable === true);
      lastFailures = new Map([...failedIds].filter(([, f]) => f.retryable));
    }
    for (const f of pending) {
      result.failed.push(lastFailures.get(f.Id ?? '') ?? { id: f.Id ?? '', code: 'NotImported', message: 'not imported', retryable: true });
    }
    return refused;
  }
}
