/**
 * Workflow status after a finding exists in Security Hub. BatchImportFindings sets `Workflow` only when
 * it creates a finding; later it is the customer's field, changed with BatchUpdateFindings. So when a
 * finding is suppressed, or a suppression ends, the export sets it: SUPPRESSED, or what the finding is
 * now (NEW while failing, RESOLVED once it passes or is gone). Other changes need nothing: Security Hub
 * itself moves Workflow to RESOLVED when Compliance becomes PASSED, and back to NEW when it fails again,
 * but never touches SUPPRESSED.
 *
 * BatchUpdateFindings takes at most 100 findings per request and answers which it did not process;
 * those, and every finding of a request refused as a whole, are reported retryable for the export
 * cursor to send again.
 */
import { BatchUpdateFindingsCommand, type SecurityHubClient, type WorkflowStatus } from '@aws-sdk/client-securityhub';
import { errorCode, errorMessage } from '#shared/core/errors.js';
import { isRetryableCode } from './importer.js';
import type { ImportFailure } from './importer.js';

export const MAX_UPDATE_FINDINGS = 100;

/** Not processed yet, but will be: the finding was just imported, or Security Hub was busy. */
const RETRYABLE_UNPROCESSED = /notfound|throttl|toomanyrequests|limitexceeded|internal|unavailable|timeout/i;

export interface FindingIdentifier {
  Id: string;
  ProductArn: string;
}

export interface WorkflowUpdate {
  identifier: FindingIdentifier;
  status: WorkflowStatus;
}

export interface WorkflowResult {
  updated: number;
  failed: ImportFailure[];
  requests: number;
}

export class WorkflowUpdater {
  constructor(private readonly client: Pick<SecurityHubClient, 'send'>) {}

  /** One request per status and 100 findings; never throws for Security Hub's answer. */
  async update(updates: readonly WorkflowUpdate[]): Promise<WorkflowResult> {
    const result: WorkflowResult = { updated: 0, failed: [], requests: 0 };
    const byStatus = new Map<WorkflowStatus, FindingIdentifier[]>();
    for (const u of updates) byStatus.set(u.status, [...(byStatus.get(u.status) ?? []), u.identifier]);
    for (const [status, identifiers] of byStatus) {
      for (let i = 0; i < identifiers.length; i += MAX_UPDATE_FINDINGS) {
        const batch = identifiers.slice(i, i + MAX_UPDATE_FINDINGS);
        result.requests += 1;
        try {
          const out = await this.client.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: batch, Workflow: { Status: status } }));
          const unprocessed = out.UnprocessedFindings ?? [];
          result.updated += batch.length - unprocessed.length;
          for (const u of unprocessed) {
            const code = u.ErrorCode ?? 'UnknownError';
            const retryable = RETRYABLE_UNPROCESSED.test(code) || isRetryableCode(code);
            result.failed.push({ id: u.FindingIdentifier?.Id ?? '', code, message: u.ErrorMessage ?? code, retryable });
          }
        } catch (error) {
          // Refused as a whole: nothing is known of these findings; the export cursor sends them again.
          for (const id of batch) result.failed.push({ id: id.Id, code: errorCode(error), message: errorMessage(error), retryable: true });
        }
      }
    }
    return result;
  }
}
