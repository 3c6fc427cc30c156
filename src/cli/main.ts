/**
 * The `preflight` command. `run(argv, io)` parses, runs and returns the exit code without touching
 * process.exit, so tests drive it in-process; bin/preflight.mjs wires it to the real process.
 * Expected errors (usage, config, credentials, unreachable AWS) print one line and exit 2, never a stack.
 *
 * Each command's code is imported when the command runs: `--version`, `--help` and `rules` load neither
 * the engine, the rules' readers nor the AWS SDK (scripts/build-cli.mjs splits them into chunks).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { errorCode, errorMessage, PreflightError } from '#shared/core/errors.js';
import { SEVERITIES, type Severity } from '#shared/core/model.js';
import type { ReportFlags } from './commands/report.js';
import type { ScanFlags } from './commands/scan.js';
import { DEFAULT_DEMO_PORT, DEFAULT_FAIL_ON } from './defaults.js';
import { type CliIo, ExitCode, processIo } from './io.js';
import { REPORT_FORMATS } from './report/model.js';
import { VERSION } from './version.js';

function severityArg(value: string): Severity {
  const upper = value.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(upper)) {
    throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  }
  return upper as Severity;
}

function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const formatOption = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
const reportFormatOption = () =>
  new Option('--format <format>', 'report format: table, json, csv, ocsf (OCSF Compliance Finding JSON), html (one self-contained file), junit (JUnit XML)')
    .choices(REPORT_FORMATS)
    .default('table');

/** Builds the program; `exit` records the code an action decided. */
export function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('preflight')
    .description('Verify a production-readiness checklist on an AWS account (read-only).')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Same prefix as every other error line: "preflight: unknown option '--x'".
      outputError: (s, write) => write(s.replace(/^error: /, 'preflight: ')),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError();

  program
    .command('scan')
    .description('Scan an AWS account with the standard credential chain (AWS_PROFILE, env, SSO, instance role) and print the checklist.')
    .version(VERSION, '-V, --version')
    .option(
      '--region <region>',
      "region to scan; repeat or comma-separate for several (default: the config file's regions, else AWS_REGION or AWS_DEFAULT_REGION)",
      repeatable,
    )
    .option('--rules <ids>', "comma-separated rule ids to run (default: all, or the config file's; see preflight rules)")
    .addOption(reportFormatOption())
    .option('--output <file>', 'write the report to this file instead of stdout')
    .option('--spreadsheet', 'csv for a spreadsheet: UTF-8 BOM, account ids as text (the default with --output)')
    .option('--no-spreadsheet', 'csv for data tools: no BOM, ids as they are (the default on stdout)')
    .addOption(
      new Option('--fail-on <severity>', `exit 1 when a finding of this severity or higher is FAIL or ERROR (${SEVERITIES.join(', ')})`)
        .argParser(severityArg)
        .default(DEFAULT_FAIL_ON),
    )
    .option('--params <json>', 'rule params as JSON {"rule-id":{"param":value}}, or @file.json (override the config file\'s)')
    .option('--config <file>', 'configuration file: regions, rules, params, suppressions (default: ./preflight.config.json|yaml if present)')
    .option('--no-config', 'ignore ./preflight.config.json|yaml')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing fails at or above --fail-on; 1 something does (FAIL or ERROR; SUPPRESSED does not);\n2 usage, configuration or credential error (nothing was scanned).\n\nExamples:\n  preflight scan --region eu-west-1 --region us-east-1 --format json --output findings.json\n  preflight scan --fail-on HIGH --format junit --output preflight.xml',
    )
    .action(async (flags: ScanFlags) => {
      const { runScan } = await import('./commands/scan.js');
      exit(await runScan(flags, io));
    });

  program
    .command('report')
    .description('Render a scan saved with `preflight scan --format json --output findings.json` in another format (no AWS access).')
    .version(VERSION, '-V, --version')
    .requiredOption('--from <file>', 'the saved JSON scan')
    .addOption(reportFormatOption().default('html'))
    .option('--output <file>', 'write the report to this file instead of stdout')
    .option('--spreadsheet', 'csv for a spreadsheet: UTF-8 BOM, account ids as text (the default with --output)')
    .option('--no-spreadsheet', 'csv for data tools: no BOM, ids as they are (the default on stdout)')
    .addHelpText('after', '\nExample: preflight report --from findings.json --format html --output preflight.html')
    .action(async (flags: ReportFlags) => {
      const { runReport } = await import('./commands/report.js');
      exit(await runReport(flags, io));
    });

  program
    .command('rules')
    .description('List the rule catalog: id, severity, resource type, checklist item, controls.')
    .version(VERSION, '-V, --version')
    .addOption(formatOption())
    .action(async (flags: { format: 'table' | 'json' }) => {
      const [{ runRules }, { RULE_CATALOG }] = await Promise.all([import('./commands/rules.js'), import('../rules/catalog.generated.js')]);
      exit(runRules(flags, RULE_CATALOG, io));
    });

  program
    .command('demo')
    .description(
      'Run the rules on a built-in sample account (no AWS account needed), show a drift and its one alert, then serve the findings API on 127.0.0.1.',
    )
    .version(VERSION, '-V, --version')
    .option('--port <port>', 'port of the local findings API (127.0.0.1 only)', parsePort, DEFAULT_DEMO_PORT)
    .option('--no-serve', 'stop after the story instead of serving the API')
    .action(async (flags: { port: number; serve: boolean }) => {
      const { runDemo } = await import('./demo/run-demo.js');
      exit(await runDemo(io, { port: flags.port, serve: flags.serve }));
    });

  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return port;
}

/** Runs the CLI with `argv` (without node and script path) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = ExitCode.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return failure(error, io);
  }
}

/** One line on stderr and the exit code; a stack only for the unexpected, and only with PREFLIGHT_DEBUG. */
function failure(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed the message (or the help / version).
    const shown = ['commander.helpDisplayed', 'commander.help', 'commander.version'];
    return shown.includes(error.code) ? ExitCode.OK : ExitCode.USAGE;
  }
  if (error instanceof PreflightError) {
    io.stderr.write(`preflight: ${errorMessage(error)}\n`);
    return ExitCode.USAGE;
  }
  io.stderr.write(`preflight: unexpected error: ${errorCode(error)}: ${errorMessage(error).split('\n', 1)[0]}\n`);
  if (io.env.PREFLIGHT_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.USAGE;
}

export { processIo } from './io.js';
export type { CliIo } from './io.js';
