/**
 * `preflight rules`: the catalog as a table or as JSON. It reads the generated catalog, not the
 * registry, so listing the rules loads neither their code nor the AWS SDK.
 */
import type { CatalogEntry } from '../../rules/rule-info.js';
import { controlsText } from '../catalog.js';
import { type CliIo, ExitCode } from '../io.js';
import { textTable } from '../report/text-table.js';

export interface RulesFlags {
  format: 'table' | 'json';
}

export function runRules(flags: RulesFlags, rules: readonly CatalogEntry[], io: CliIo): number {
  if (flags.format === 'json') {
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return ExitCode.OK;
  }
  const table = textTable(
    [{ header: 'ID' }, { header: 'SEVERITY' }, { header: 'RESOURCE TYPE' }, { header: 'CHECKLIST ITEM' }, { header: 'CONTROLS' }],
    rules.map((r) => [r.id, r.severity, r.resourceType, r.checklist.item, controlsText(r)]),
  );
  io.stdout.write(`${table}\n\n${rules.length} rules. Details: docs/rules.md, or preflight rules --format json.\n`);
  return ExitCode.OK;
}
