import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findRule } from '../../../src/rules/index.js';
import { type ContinuousDeps, handleCloudTrailDetail, runSweep } from '#shared/continuous/orchestration.js';
import { dynamoExportCursor, EXPORT_CURSOR_KEY } from '#shared/securityhub/export-cursor.js';
import { ExportIncompleteError, securityHubExporter, WRITE_LAG_MS } from '#shared/securityhub/exporter.js';
import { SecurityHubImporter } from '#shared/securityhub/importer.js';
import { dynamoRefreshMarks, latestRefreshAt, REFRESH_PERIOD_MS } from '#shared/securityhub/refresh.js';
import { WorkflowUpdater } from '#shared/securityhub/workflow.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import { ACCOUNT, continuousDeps, emptyAccount, putBucketVersioningEvent } from '../../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';
import { ASFF_REQUIRED } from './fixtures.js';

const securityHub = mockClient(SecurityHubClient);
const VERSIONING = 's3-bucket-versioning-enabled';
const REGIONS = ['eu-west-1'];
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

function importedIds(call: number): string[] {
  return (securityHub.commandCalls(BatchImportFindingsCommand)[call]?.args[0].input.Findings ?? []).map((f) => f.Id ?? '');
}

async function setup() {
  const account = emptyAccount();
  account.s3.buckets.push({ name: 'prod-data', region: 'eu-west-1', versioning: 'Enabled' }, { name: 'old-logs', region: 'eu-west-1' });
  const base = await continuousDeps(dynamo, account, [VERSIONING]);
  let clock = T0;
  const errors: unknown[] = [];
  const deps: ContinuousDeps & { store: FindingsStore } = {
    ...base,
    now: () => new Date(clock),
    exporter: securityHubExporter({
      importer: new SecurityHubImporter(new SecurityHubClient({ region: 'eu-west-1' }), { sleep: async () => undefined }),
      cursor: dynamoExportCursor(base.store),
      workflow: new WorkflowUpdater(new SecurityHubClient({ region: 'eu-west-1' })),
      refreshMarks: dynamoRefreshMarks(base.store),
      region: 'eu-west-1',
      accountId: async () => ACCOUNT,
      describeRule: (id) => findRule(id),
    }),
    onExportError: (error) => void errors.push(error),
  };
  return { account, deps, errors, at: (ms: number) => (clock = ms) };
}

describe('Security Hub export in continuous mode', () => {
  beforeEach(() => {
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0 }));
  });

  it('imports the first sweep as ASFF and moves the cursor to now minus the write lag', async () => {
    // Prepare
    const { deps } = await setup();

    // Act
    const report = await runSweep(deps, ACCOUNT, REGIONS);

    // Assess
    expect(report.export).toMatchObject({ sent: 2, imported: 2, failed: [], skippedOtherAccounts: 0 });
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    const findings = securityHub.commandCalls(BatchImportFindingsCommand)[0]?.args[0].input.Findings ?? [];
    for (const f of findings) for (const field of ASFF_REQUIRED) expect(f[field], field).toBeDefined();
    const failing = findings.find((f) => f.Id === `preflight/${VERSIONING}/arn:aws:s3:::old-logs`);
    expect(failing).toMatchObject({ Compliance: { Status: 'FAILED' }, Workflow: { Status: 'NEW' }, ProductFields: { ControlId: 'S3.14' } });
    expect(await dynamoExportCursor(deps.store).read()).toBe(new Date(T0 - WRITE_LAG_MS).toISOString());
  });

  it('re-sends only recent changes, then nothing once the cursor has passed them', async () => {
    const { deps, at } = await setup();
    await runSweep(deps, ACCOUNT, REGIONS);

    at(T0 + HOUR);
    const second = await runSweep(deps, ACCOUNT, REGIONS);
    at(T0 + 2 * HOUR);
    const third = await runSweep(deps, ACCOUNT, REGIONS);

    // The second export overlaps the first by the write lag (harmless: same Id and UpdatedAt); the third is empty.
    expect(second.export?.sent).toBe(2);
    expect(third.export).toMatchObject({ sent: 0, imported: 0 });
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
  });

  it('exports a regression at once, archived when the bucket is deleted', async () => {
    const { account, deps, at } = await setup();
    await runSweep(deps, ACCOUNT, REGIONS);
    at(T0 + 2 * HOUR);
    await runSweep(deps, ACCOUNT, REGIONS);
    securityHub.resetHistory();

    at(T0 + 3 * HOUR);
    account.s3.buckets[0]!.versioning = 'Suspended';
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date(T0 + 3 * HOUR).toISOString());
    const reaction = await handleCloudTrailDetail(deps, event.detail, ACCOUNT);
    expect(reaction.export).toMatchObject({ sent: 1, imported: 1 });
    expect(securityHub.commandCalls(BatchImportFindingsCommand)[0]?.args[0].input.Findings?.[0]).toMatchObject({
      Compliance: { Status: 'FAILED' },
      UpdatedAt: new Date(T0 + 3 * HOUR).toISOString(),
      RecordState: 'ACTIVE',
    });

    at(T0 + 4 * HOUR);
    account.s3.buckets.splice(0, 1);
    const sweep = await runSweep(deps, ACCOUNT, REGIONS);
    const archived = securityHub
      .commandCalls(BatchImportFindingsCommand)
      .at(-1)
      ?.args[0].input.Findings?.find((f) => f.Id?.endsWith('prod-data'));
    expect(sweep.export?.failed).toEqual([]);
    expect(archived).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'NOT_AVAILABLE' } });
  });

  it('does not fail the event when Security Hub throttles, and re-sends the missed change on the next export', async () => {
    // Prepare
    const { account, deps, errors, at } = await setup();
    await runSweep(deps, ACCOUNT, REGIONS);
    at(T0 + 2 * HOUR);
    await runSweep(deps, ACCOUNT, REGIONS);
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: Array<{ Id: string }> }) => ({
      SuccessCount: 0,
      FailedCount: input.Findings.length,
      FailedFindings: input.Findings.map((f) => ({ Id: f.Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' })),
    }));

    // Act: the regression's export fails every attempt
    at(T0 + 3 * HOUR);
    account.s3.buckets[0]!.versioning = 'Suspended';
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date(T0 + 3 * HOUR).toISOString());
    const reaction = await handleCloudTrailDetail(deps, event.detail, ACCOUNT);

    // Assess: recorded anyway; the cursor stays before the missed change (it already was: it never moves forward past a failure)
    expect(reaction.record?.transitions).toHaveLength(1);
    expect(reaction.export?.failed).toEqual([
      { id: `preflight/${VERSIONING}/arn:aws:s3:::prod-data`, code: 'ThrottlingException', message: 'Rate exceeded', retryable: true },
    ]);
    expect(errors[0]).toBeInstanceOf(ExportIncompleteError);
    expect(reaction.export?.cursor).toBeUndefined();
    expect(await dynamoExportCursor(deps.store).read()).toBe(new Date(T0 + 2 * HOUR - WRITE_LAG_MS).toISOString());

    // Act: Security Hub is back; an unrelated sweep a day later re-sends the missed change
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0 }));
    at(T0 + 27 * HOUR);
    const later = await runSweep(deps, ACCOUNT, REGIONS);

    expect(later.record.transitions).toHaveLength(0);
    expect(later.export).toMatchObject({ sent: 1, imported: 1, failed: [] });
    expect(importedIds(0)).toEqual([`preflight/${VERSIONING}/arn:aws:s3:::prod-data`]);
    expect(await dynamoExportCursor(deps.store).read()).toBe(new Date(T0 + 27 * HOUR - WRITE_LAG_MS).toISOString());
  });

  it('moves the cursor back to just before a failed change that is older than the cursor (a slow writer)', async () => {
    const { deps, at } = await setup();
    await runSweep(deps, ACCOUNT, REGIONS);
    at(T0 + 5 * HOUR);
    await runSweep(deps, ACCOUNT, REGIONS);
    const cursor = dynamoExportCursor(deps.store);
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).rejects(Object.assign(new Error('down'), { name: 'InternalException', $fault: 'server' }));
    const [old] = await deps.store.scopeFindings(ACCOUNT, 'eu-west-1', VERSIONING);

    const report = await deps.exporter!.exportChanges({ transitions: [{ finding: old!, from: null }], now: new Date(T0 + 5 * HOUR) });

    expect(report.failed).toHaveLength(1);
    expect(report.cursor).toBe(new Date(Date.parse(old!.lastChangedAt) - 1).toISOString());
    expect(await cursor.read()).toBe(report.cursor);
  });

  it('re-sends a whole batch refused at the request level (Security Hub not enabled yet) once it is', async () => {
    // Prepare: the first sweep runs before Security Hub is enabled in the account.
    const { deps, at } = await setup();
    securityHub.reset();
    securityHub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error('Account 123456789012 is not subscribed to AWS Security Hub'), { name: 'InvalidAccessException', $fault: 'client' }));

    // Act
    const first = await runSweep(deps, ACCOUNT, REGIONS);
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0 }));
    at(T0 + 26 * HOUR);
    const later = await runSweep(deps, ACCOUNT, REGIONS);

    // Assess: nothing lost — the cursor stayed before both findings, the later export sends them.
    expect(first.export?.failed.map((f) => f.retryable)).toEqual([true, true]);
    expect(later.record.transitions).toHaveLength(0);
    expect(later.export).toMatchObject({ sent: 2, imported: 2, failed: [] });
  });

  it('reports findings Security Hub rejects for good without blocking the cursor', async () => {
    const { deps, errors } = await setup();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: Array<{ Id: string }> }) => ({
      SuccessCount: input.Findings.length - 1,
      FailedCount: 1,
      FailedFindings: [{ Id: input.Findings[0]?.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
    }));

    const report = await runSweep(deps, ACCOUNT, REGIONS);

    expect(report.export?.failed).toHaveLength(1);
    expect(report.export?.failed[0]?.retryable).toBe(false);
    expect(errors).toHaveLength(1);
    expect(await dynamoExportCursor(deps.store).read()).toBe(new Date(T0 - WRITE_LAG_MS).toISOString());
  });

  it('never fails the sweep when the export itself throws', async () => {
    const { deps, errors } = await setup();
    deps.exporter = { exportChanges: async () => Promise.reject(new Error('cursor table unreachable')) };

    const report = await runSweep(deps, ACCOUNT, REGIONS);

    expect(report.record.writes).toBe(2);
    expect(report.export).toBeUndefined();
    expect(errors.map(String)).toEqual(['Error: cursor table unreachable']);
  });

  it('skips findings of other accounts (the default product takes the calling account only)', async () => {
    const { deps } = await setup();
    const exporter = securityHubExporter({
      importer: new SecurityHubImporter(new SecurityHubClient({ region: 'eu-west-1' })),
      cursor: dynamoExportCursor(deps.store),
      region: 'eu-west-1',
      accountId: '999999999999',
      describeRule: (id) => findRule(id),
    });
    await runSweep({ ...deps, exporter: undefined }, ACCOUNT, REGIONS);

    const report = await exporter.exportChanges({ transitions: [], now: new Date(T0) });

    expect(report).toMatchObject({ sent: 0, skippedOtherAccounts: 2 });
    expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it('suppresses a finding already in Security Hub with BatchUpdateFindings (import cannot change Workflow), and un-suppresses it', async () => {
    // Prepare: old-logs FAILs and is in Security Hub as NEW.
    const { deps, at } = await setup();
    securityHub
      .on(BatchUpdateFindingsCommand)
      .callsFake((input: { FindingIdentifiers: unknown[] }) => ({ ProcessedFindings: input.FindingIdentifiers, UnprocessedFindings: [] }));
    await runSweep(deps, ACCOUNT, REGIONS);
    expect(securityHub).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
    const oldLogs = { Id: `preflight/${VERSIONING}/arn:aws:s3:::old-logs`, ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default` };

    // Act: a suppression is added later; then it is lifted.
    await deps.store.putSuppression({ ruleId: VERSIONING, resourcePattern: 'old-*', reason: 'archive bucket' });
    at(T0 + HOUR);
    await runSweep(deps, ACCOUNT, REGIONS);
    await deps.store.putSuppression({ ruleId: VERSIONING, resourcePattern: 'old-*', reason: 'expired', expiresAt: new Date(T0 + HOUR).toISOString() });
    at(T0 + 2 * HOUR);
    await runSweep(deps, ACCOUNT, REGIONS);

    // Assess
    const updates = securityHub.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input);
    expect(updates).toEqual([
      { FindingIdentifiers: [oldLogs], Workflow: { Status: 'SUPPRESSED' } },
      { FindingIdentifiers: [oldLogs], Workflow: { Status: 'NEW' } },
    ]);
  });

  it('leaves a Workflow update Security Hub did not process to be re-sent', async () => {
    const { deps, at } = await setup();
    await runSweep(deps, ACCOUNT, REGIONS);
    securityHub.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers: Array<{ Id: string; ProductArn: string }> }) => ({
      ProcessedFindings: [],
      UnprocessedFindings: input.FindingIdentifiers.map((id) => ({
        FindingIdentifier: id,
        ErrorCode: 'TooManyRequestsException',
        ErrorMessage: 'Rate exceeded',
      })),
    }));
    await deps.store.putSuppression({ ruleId: VERSIONING, resourcePattern: 'old-*', reason: 'archive bucket' });

    at(T0 + HOUR);
    const failed = await runSweep(deps, ACCOUNT, REGIONS);
    securityHub
      .on(BatchUpdateFindingsCommand)
      .callsFake((input: { FindingIdentifiers: unknown[] }) => ({ ProcessedFindings: input.FindingIdentifiers, UnprocessedFindings: [] }));
    at(T0 + 26 * HOUR);
    const later = await runSweep(deps, ACCOUNT, REGIONS);

    expect(failed.export?.failed).toEqual([
      { id: `preflight/${VERSIONING}/arn:aws:s3:::old-logs`, code: 'TooManyRequestsException', message: 'Rate exceeded', retryable: true },
    ]);
    expect(later.export?.failed).toEqual([]);
    expect(securityHub.commandCalls(BatchUpdateFindingsCommand).at(-1)?.args[0].input.Workflow).toEqual({ Status: 'SUPPRESSED' });
  });

  it('re-sends a weekly refresh Security Hub did not take with the next sweep, and only then moves on', async () => {
    // Prepare: the first sweep exports both findings and starts their refresh marks; the second moves the cursor past them.
    const { deps, at } = await setup();
    await runSweep(deps, ACCOUNT, REGIONS);
    at(T0 + HOUR);
    await runSweep(deps, ACCOUNT, REGIONS);
    const oldLogs = (await deps.store.scopeFindings(ACCOUNT, 'eu-west-1', VERSIONING)).find((f) => f.resourceName === 'old-logs')!;
    const due = latestRefreshAt(oldLogs, T0 + REFRESH_PERIOD_MS); // its first refresh instant after T0
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $fault: 'client' }));

    // Act: the sweep after that instant cannot refresh it; the next one can; the one after has nothing to do.
    at(due + 60_000);
    const refused = await runSweep(deps, ACCOUNT, REGIONS);
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0 }));
    at(due + HOUR);
    const retried = await runSweep(deps, ACCOUNT, REGIONS);
    at(due + 2 * HOUR);
    const after = await runSweep(deps, ACCOUNT, REGIONS);

    // Assess
    expect(refused.export?.failed.map((f) => [f.id, f.retryable])).toContainEqual([`preflight/${VERSIONING}/arn:aws:s3:::old-logs`, true]);
    expect(refused.export?.refreshed).toBe(0);
    expect(retried.export?.refreshed).toBeGreaterThanOrEqual(1);
    expect(importedIds(0)).toContain(`preflight/${VERSIONING}/arn:aws:s3:::old-logs`);
    expect(securityHub.commandCalls(BatchImportFindingsCommand)[0]?.args[0].input.Findings?.find((f) => f.Id?.endsWith('old-logs'))?.UpdatedAt).toBe(
      new Date(due).toISOString(),
    );
    expect(after.export).toMatchObject({ sent: 0, refreshed: 0 });
  });

  it('keeps its cursor in one item of the findings table', () => {
    expect(EXPORT_CURSOR_KEY).toEqual({ pk: 'EXPORT#securityhub', sk: 'CURSOR' });
  });
});
