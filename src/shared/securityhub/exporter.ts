/**
 * The continuous-mode Security Hub export (`SECURITY_HUB=true`): after each record(), the findings that
 * changed are imported as ASFF. Nothing is lost when an import fails: the export cursor
 * (export-cursor.ts) stays at (or moves back to) the oldest change not yet in Security Hub, and every
 * later export re-sends everything changed since then. Re-sending is harmless: a finding's document
 * depends only on its state, with UpdatedAt = its last status change.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { PreflightError } from '../errors.js';
import type { RecordResult } from '../store/findings-store.js';
import { findingPk } from '../store/keys.js';
import type { StoredFinding } from '../store/transitions.js';
import { type AsffRule, toAsff } from './asff.js';
import type { ExportCursorStore } from './export-cursor.js';
import type { ImportFailure, SecurityHubImporter } from './importer.js';

/** Some findings did not reach Security Hub: retryable ones are re-sent by the next export, the others never will be. */
export class ExportIncompleteError extends PreflightError {
  constructor(readonly failed: readonly ImportFailure[]) {
    const retryable = failed.filter((f) => f.retryable).length;
    const codes = [...new Set(failed.map((f) => f.code))].join(', ');
    super(`${failed.length} finding(s) not imported into Security Hub (${codes}); ${retryable} will be retried by the next export`);
    this.name = 'ExportIncompleteError';
  }
}

export interface ExportInput {
  transitions: RecordResult['transitions'];
  now: Date;
}

export interface ExportReport {
  /** Findings sent (this call's transitions plus the backlog since the cursor). */
  sent: number;
  imported: number;
  failed: ImportFailure[];
  /** Findings of other accounts: the default product only takes the calling account's findings. */
  skippedOtherAccounts: number;
  /** Where the cursor was left (undefined if it did not move). */
  cursor?: string;
}

/** The optional exporter continuous mode calls with each record()'s transitions. */
export interface FindingsExporter {
  exportChanges(input: ExportInput): Promise<ExportReport>;
}

/**
 * How long after its evaluation a change can still be written: a sweep writes its transitions at the
 * end of a Lambda invocation (≤ 15 min). The cursor never passes "now minus this", so a change written
 * late by a writer that crashed before exporting is still picked up by the next export.
 */
export const WRITE_LAG_MS = 15 * 60_000;

export interface SecurityHubExporterOptions {
  importer: Pick<SecurityHubImporter, 'import'>;
  cursor: ExportCursorStore;
  /** The Security Hub region (the deployment's). */
  region: string;
  /** The calling account (owner of the default product); resolved once, lazily. */
  accountId: string | (() => Promise<string>);
  describeRule: (id: string) => AsffRule | undefined;
}

export function securityHubExporter(options: SecurityHubExporterOptions): FindingsExporter {
  let account: Promise<string> | undefined;
  const productAccount = () => (account ??= typeof options.accountId === 'string' ? Promise.resolve(options.accountId) : options.accountId());

  return {
    async exportChanges({ transitions, now }) {
      const productAccountId = await productAccount();
      const from = await options.cursor.read();
      const backlog = await options.cursor.changedSince(from);

      // This call's transitions and the backlog, newest state of each finding once.
      const latest = new Map<string, StoredFinding>();
      for (const f of [...backlog, ...transitions.map((t) => t.finding)]) {
        const key = findingPk(f.ruleId, f.resourceId);
        const seen = latest.get(key);
        if (!seen || seen.version < f.version) latest.set(key, f);
      }
      const own = [...latest.values()].filter((f) => f.accountId === productAccountId);
      const documents: AwsSecurityFinding[] = own.map((f) => toAsff(f, options.describeRule(f.ruleId), { region: options.region, productAccountId }));
      const result = await options.importer.import(documents);

      const report: ExportReport = {
        sent: documents.length,
        imported: result.imported,
        failed: result.failed,
        skippedOtherAccounts: latest.size - own.length,
      };
      const retry = new Set(result.failed.filter((f) => f.retryable).map((f) => f.id));
      if (retry.size > 0) {
        // Back to just before the oldest change that did not make it: it and everything after is re-sent.
        const oldest = documents.filter((d) => retry.has(d.Id ?? '')).map((d) => d.UpdatedAt ?? '').sort()[0];
        if (oldest) {
          const to = new Date(Date.parse(oldest) - 1).toISOString();
          if (await options.cursor.rewind(to)) report.cursor = to;
        }
      } else {
        const to = new Date(now.getTime() - WRITE_LAG_MS).toISOString();
        if ((from === undefined || to > from) && (await options.cursor.advance(from, to))) report.cursor = to;
      }
      return report;
    },
  };
}

export {};
