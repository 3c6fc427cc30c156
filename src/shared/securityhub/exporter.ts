/**
 * The continuous-mode Security Hub export (`SECURITY_HUB=true`): after each record(), the findings that
 * changed are imported as ASFF, with BatchUpdateFindings setting Workflow where a suppression began or
 * ended (workflow.ts), and a sweep also re-imports the unchanged findings whose weekly refresh came due
 * (refresh.ts). Nothing is lost when an import fails: the export cursor (export-cursor.ts) stays at (or
 * moves back to) the oldest change not yet in Security Hub, and every later export re-sends everything
 * changed since then; a refresh that failed keeps its (rule, region) due. Re-sending is harmless: a
 * finding's document depends only on its state and the export's time, and UpdatedAt never goes back.
 */
import { PreflightError } from '#shared/core/errors.js';
import type { RecordResult } from '#shared/store/findings-store.js';
import { findingPk } from '#shared/store/keys.js';
import type { StoredFinding } from '#shared/store/transitions.js';
import { type AsffRule, productArn, toAsff, workflowChangeOf } from './asff.js';
import type { ExportCursorStore } from './export-cursor.js';
import { findingUid } from './finding-id.js';
import type { ImportFailure, SecurityHubImporter } from './importer.js';
import { planRefresh, type RefreshInput, type RefreshMarkStore, type RefreshPlan } from './refresh.js';
import type { WorkflowUpdater } from './workflow.js';

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
  /** A sweep's findings: those whose weekly refresh came due are re-imported with them. */
  refresh?: RefreshInput;
}

export interface ExportReport {
  /** Findings sent (this call's transitions, the backlog since the cursor and the refreshes due). */
  sent: number;
  imported: number;
  /** Of those sent, unchanged findings re-imported to keep them in Security Hub. */
  refreshed: number;
  /** Workflow statuses set with BatchUpdateFindings (suppressions added or ended after creation). */
  workflowUpdated: number;
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
  /** Sets Workflow after creation (BatchUpdateFindings); without it, suppressions reach Security Hub only on new findings. */
  workflow?: Pick<WorkflowUpdater, 'update'>;
  /** Where each (rule, region) of the account stands in its weekly refresh; without it, nothing is refreshed. */
  refreshMarks?: RefreshMarkStore;
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
    async exportChanges({ transitions, now, refresh }) {
      const productAccountId = await productAccount();
      const context = { region: options.region, productAccountId };
      const from = await options.cursor.read();
      const backlog = await options.cursor.changedSince(from);

      // This call's transitions and the backlog, newest state of each finding once.
      const changed = newestOf([...backlog, ...transitions.map((t) => t.finding)]);
      const own = [...changed.values()].filter((f) => f.accountId === productAccountId);
      const marks = options.refreshMarks;
      const plan = refresh && marks && refresh.accountId === productAccountId ? await planFor(marks, refresh, now) : undefined;
      const refreshes = (plan?.due ?? []).filter((f) => !changed.has(findingPk(f.ruleId, f.resourceId)));
      const exported = [...own, ...refreshes];
      const result = await options.importer.import(exported.map((f) => toAsff(f, options.describeRule(f.ruleId), context, now)));

      // Workflow after creation, for the changes Security Hub now has.
      const notImported = new Set(result.failed.map((f) => f.id));
      const updates = own.flatMap((f) => {
        const status = workflowChangeOf(f);
        const id = findingUid(f.ruleId, f.resourceId);
        return status && !notImported.has(id) ? [{ identifier: { Id: id, ProductArn: productArn(context) }, status }] : [];
      });
      const workflow = options.workflow && updates.length > 0 ? await options.workflow.update(updates) : { updated: 0, failed: [] };
      const failed = [...result.failed, ...workflow.failed];

      const report: ExportReport = {
        sent: exported.length,
        imported: result.imported,
        refreshed: refreshes.length - refreshes.filter((f) => notImported.has(findingUid(f.ruleId, f.resourceId))).length,
        workflowUpdated: workflow.updated,
        failed,
        skippedOtherAccounts: changed.size - own.length,
      };
      const retry = new Set(failed.filter((f) => f.retryable).map((f) => f.id));
      if (plan && refresh && marks) await advanceMarks(marks, refresh.accountId, plan, retry, now);
      // The cursor follows changes: back to just before the oldest change that did not make it, or forward.
      const missed = own
        .filter((f) => retry.has(findingUid(f.ruleId, f.resourceId)))
        .map((f) => f.lastChangedAt)
        .sort()[0];
      if (missed) {
        const to = new Date(Date.parse(missed) - 1).toISOString();
        if (await options.cursor.rewind(to)) report.cursor = to;
      } else {
        const to = new Date(now.getTime() - WRITE_LAG_MS).toISOString();
        if ((from === undefined || to > from) && (await options.cursor.advance(from, to))) report.cursor = to;
      }
      return report;
    },
  };
}

function newestOf(findings: readonly StoredFinding[]): Map<string, StoredFinding> {
  const latest = new Map<string, StoredFinding>();
  for (const f of findings) {
    const key = findingPk(f.ruleId, f.resourceId);
    const seen = latest.get(key);
    if (!seen || seen.version < f.version) latest.set(key, f);
  }
  return latest;
}

async function planFor(marks: RefreshMarkStore, refresh: RefreshInput, now: Date): Promise<RefreshPlan> {
  const regions = [...new Set(refresh.complete.map((c) => c.region))];
  return planRefresh(refresh, await marks.read(refresh.accountId, regions), now);
}

/** Moves each refreshed pair's mark to now, unless one of its findings is to be sent again. */
async function advanceMarks(marks: RefreshMarkStore, accountId: string, plan: RefreshPlan, retry: ReadonlySet<string>, now: Date): Promise<void> {
  const blocked = new Set(plan.due.filter((f) => retry.has(findingUid(f.ruleId, f.resourceId))).map((f) => `${f.region}#${f.ruleId}`));
  await Promise.all(
    [...plan.scopes].map(([region, rules]) =>
      marks.advance(
        accountId,
        region,
        rules.filter((r) => !blocked.has(`${region}#${r}`)),
        now,
      ),
    ),
  );
}
