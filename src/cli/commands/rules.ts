/** `preflight rules`: the catalog from the registry, as a table or as JSON. */
import type { Rule } from '../../rules/define-rule.js';
import { catalogEntry, controlsText } from '../catalog.js';
import { type CliIo, ExitCode } from '../io.js';
import { textTable } from '../report/text-table.js';

export interface RulesFlags {
  format: 'table' | 'json';
}

export function runRules(flags: RulesFlags, rules: readonly Rule[], io: CliIo): number {
  if (flags.format === 'json') {
    io.stdout.write(`${JSON.stringify(rules.map(catalogEntry), null, 2)}\n`);
    return ExitCode.OK;
  }
  const table = textTable(
    [{ header: 'ID' }, { header: 'SEVERITY' }, { header: 'RESOURCE TYPE' }, { header: 'CHECKLIST ITEM' }, { header: 'CONTROLS' }],
    rules.map((r) => [r.id, r.severity, r.resourceType, r.checklist.item, controlsText(r)]),
  );
  io.stdout.write(`${table}\n\n${rules.length} rules. Details: docs/rules.md, or preflight rules --format json.\n`);
  return ExitCode.OK;
}

export {};
