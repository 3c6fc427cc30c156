/**
 * `preflight report --from findings.json --format html`: renders a scan saved with
 * `preflight scan --format json --output findings.json` in any report format, without AWS access
 * (scan once in CI, publish HTML, JUnit and OCSF from the same run).
 */
import { resolve } from 'node:path';
import { RULES } from '../../rules/index.js';
import { type CliIo, ExitCode } from '../io.js';
import { renderReport } from '../report/formats.js';
import type { ReportFormat } from '../report/model.js';
import { loadSavedReport } from '../report/saved-report.js';
import { checkWritable, csvOptions, writeOutput } from './scan.js';

export interface ReportFlags {
  from: string;
  format: ReportFormat;
  output?: string;
  spreadsheet?: boolean;
}

export async function runReport(flags: ReportFlags, io: CliIo): Promise<number> {
  const csv = csvOptions(flags);
  if (flags.output) await checkWritable(io.cwd, flags.output);
  const report = await loadSavedReport(resolve(io.cwd, flags.from), flags.from);
  const rendered = renderReport(flags.format, report, RULES, { csv });
  if (flags.output) {
    await writeOutput(resolve(io.cwd, flags.output), flags.output, rendered);
    io.stdout.write(`Report written to ${flags.output} (${flags.format}, ${report.findings.length} findings of account ${report.accountId}).\n`);
  } else {
    io.stdout.write(rendered);
  }
  return ExitCode.OK;
}
