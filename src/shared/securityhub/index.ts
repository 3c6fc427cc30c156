/** Security Hub export: ASFF mapping, batched BatchImportFindings, Workflow after creation, the weekly refresh, and the cursor that makes it retry. */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { FindingsStore } from '#shared/store/findings-store.js';
import type { AsffRule } from './asff.js';
import { dynamoExportCursor } from './export-cursor.js';
import { type FindingsExporter, securityHubExporter } from './exporter.js';
import { SecurityHubImporter } from './importer.js';
import { dynamoRefreshMarks } from './refresh.js';
import { WorkflowUpdater } from './workflow.js';

export interface SecurityHubExportOptions {
  client: Pick<SecurityHubClient, 'send'>;
  store: FindingsStore;
  region: string;
  accountId: string | (() => Promise<string>);
  describeRule: (id: string) => AsffRule | undefined;
}

/** The exporter a deployment with `SECURITY_HUB=true` gives continuous mode. */
export function securityHubExport(options: SecurityHubExportOptions): FindingsExporter {
  return securityHubExporter({
    importer: new SecurityHubImporter(options.client),
    cursor: dynamoExportCursor(options.store),
    workflow: new WorkflowUpdater(options.client),
    refreshMarks: dynamoRefreshMarks(options.store),
    region: options.region,
    accountId: options.accountId,
    describeRule: options.describeRule,
  });
}

export { type AsffContext, type AsffRule, toAsff } from './asff.js';
export type { ExportReport, FindingsExporter } from './exporter.js';
export { type ImportFailure, type ImportResult, SecurityHubImporter } from './importer.js';
