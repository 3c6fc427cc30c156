/** Shared by the moto tests: running the built CLI against moto, and naming findings the same way on both sides. */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { ScanReport } from '../../src/cli/commands/scan.js';
import type { Finding } from '#shared/core/model.js';
import { resetRuntime } from '#shared/continuous/runtime.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Builds the CLI bundle (dist/ may be older than the sources under test), as test/cli/bin.test.ts does. */
export function buildCli(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
}

/** `node bin/preflight.mjs <args>` in a child process, every AWS call sent to `endpoint`. */
export function runCli(args: readonly string[], endpoint: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/preflight.mjs', ...args],
      { cwd: ROOT, env: { ...process.env, AWS_ENDPOINT_URL: endpoint, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** The JSON report of `preflight scan --format json`, or an error showing what the CLI said instead. */
export function parseReport(run: CliRun): ScanReport {
  try {
    return JSON.parse(run.stdout) as ScanReport;
  } catch (error) {
    throw new Error(`preflight scan printed no JSON report (exit ${run.code}):\n${run.stderr.slice(0, 4000)}`, { cause: error });
  }
}

/** `rule region name`: how a finding is named in the tests' tables. */
export function findingKey(f: Pick<Finding, 'ruleId' | 'region' | 'resourceName'>, name = f.resourceName): string {
  return `${f.ruleId} ${f.region} ${name}`;
}

/**
 * Points the handlers' runtime at moto: their clients (built once per container) reach it through the
 * SDK's standard AWS_ENDPOINT_URL, nothing in Preflight knows about moto. `env` names the table, the
 * topic, the rules...; no configuration parameter and no member account unless `env` sets them.
 */
export function useMotoForHandlers(endpoint: string, region: string, env: Record<string, string>): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    SCAN_REGIONS: region,
    RULE_PARAMS: '',
    PREFLIGHT_CONFIG_PARAMETER: '',
    MEMBER_ACCOUNTS: '',
    ...env,
  });
  resetRuntime();
}

/** Messages received from a moto queue, as the SQS event source hands them to a function. */
export function sqsEventOf(messages: readonly Message[], queueArn: string): SQSEvent {
  const region = queueArn.split(':')[3] ?? '';
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}
