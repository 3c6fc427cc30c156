import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { findRule } from '../../../src/rules/index.js';
import { toAsff } from '#shared/securityhub/asff.js';
import { batchFindings, MAX_BATCH_BYTES, SecurityHubImporter } from '#shared/securityhub/importer.js';
import { awsError } from '../../helpers/aws.js';
import { ASFF_REQUIRED, CONTEXT, stored } from './fixtures.js';

const securityHub = mockClient(SecurityHubClient);
const rule = findRule('s3-bucket-versioning-enabled');

function documents(n: number) {
  return Array.from({ length: n }, (_, i) => toAsff(stored({ resourceId: `arn:aws:s3:::bucket-${i}`, resourceName: `bucket-${i}` }), rule, CONTEXT));
}

function importer() {
  const sleeps: number[] = [];
  const it = new SecurityHubImporter(new SecurityHubClient({ region: 'eu-west-1' }), {
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { importer: it, sleeps };
}

describe('SecurityHubImporter', () => {
  beforeEach(() => {
    securityHub.reset();
    securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({
      SuccessCount: input.Findings.length,
      FailedCount: 0,
      FailedFindings: [],
    }));
  });

  it('imports in batches of at most 100 findings, each a complete ASFF document', async () => {
    // Prepare
    const { importer: subject } = importer();

    // Act
    const result = await subject.import(documents(250));

    // Assess
    expect(result).toEqual({ imported: 250, failed: [], requests: 3 });
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 3);
    const sizes = securityHub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings?.length);
    expect(sizes).toEqual([100, 100, 50]);
    for (const call of securityHub.commandCalls(BatchImportFindingsCommand)) {
      for (const finding of call.args[0].input.Findings ?? []) {
        for (const field of ASFF_REQUIRED) expect(finding[field], field).toBeDefined();
      }
    }
  });

  it('also cuts a batch before the request size limit', () => {
    // 60 findings of ~200 KB (Security Hub takes up to 240 KB each) are more than one 6 MB request.
    const big = documents(60).map((d) => ({ ...d, ProductFields: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(4000)])) }));
    const batches = batchFindings(big);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(MAX_BATCH_BYTES + 1024);
    expect(batches.flat()).toHaveLength(60);
  });

  it('sends nothing for no findings', async () => {
    const { importer: subject } = importer();
    expect(await subject.import([])).toEqual({ imported: 0, failed: [], requests: 0 });
    expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it('re-sends only the findings rejected for a transient reason, and reports the ones rejected for good', async () => {
    // Prepare
    const docs = documents(5);
    securityHub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        SuccessCount: 2,
        FailedCount: 3,
        FailedFindings: [
          { Id: docs[1]!.Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
          { Id: docs[2]!.Id, ErrorCode: 'InternalException', ErrorMessage: 'try again' },
          { Id: docs[3]!.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Resources[0].Id is invalid' },
        ],
      })
      .resolves({ SuccessCount: 2, FailedCount: 0, FailedFindings: [] });
    const { importer: subject, sleeps } = importer();

    // Act
    const result = await subject.import(docs);

    // Assess
    expect(result.imported).toBe(4);
    expect(result.requests).toBe(2);
    expect(result.failed).toEqual([{ id: docs[3]!.Id, code: 'InvalidInput', message: 'Resources[0].Id is invalid', retryable: false }]);
    expect(securityHub).toHaveReceivedNthCommandWith(BatchImportFindingsCommand, 2, { Findings: [docs[1]!, docs[2]!] });
    expect(sleeps).toEqual([500]);
  });

  it('reports transient failures as retryable once its attempts are spent (the export cursor re-sends them)', async () => {
    const docs = documents(2);
    securityHub.on(BatchImportFindingsCommand).resolves({
      SuccessCount: 1,
      FailedCount: 1,
      FailedFindings: [{ Id: docs[0]!.Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    const { importer: subject, sleeps } = importer();

    const result = await subject.import(docs);

    expect(result.requests).toBe(3);
    expect(sleeps).toEqual([500, 1000]);
    expect(result.failed).toEqual([{ id: docs[0]!.Id, code: 'ThrottlingException', message: 'Rate exceeded', retryable: true }]);
  });

  it('leaves every finding of a denied request to be re-sent, and stops sending (Security Hub not enabled yet)', async () => {
    securityHub.on(BatchImportFindingsCommand).rejects(awsError('InvalidAccessException', 'Security Hub is not enabled'));
    const { importer: subject } = importer();

    const result = await subject.import(documents(250));

    // One request: the next two batches would fail alike. None is dropped: all go back to the export cursor.
    expect(result.requests).toBe(1);
    expect(result.imported).toBe(0);
    expect(result.failed).toHaveLength(250);
    expect(new Set(result.failed.map((f) => `${f.code} ${f.retryable}`))).toEqual(new Set(['InvalidAccessException true']));
  });

  it('leaves the batch to be re-sent when throttling outlasts the SDK retries and its own', async () => {
    securityHub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(awsError('TooManyRequestsException', 'Rate exceeded'), { $retryable: { throttling: true } }));
    const { importer: subject, sleeps } = importer();

    const result = await subject.import(documents(3));

    expect(result.requests).toBe(3);
    expect(sleeps).toEqual([500, 1000]);
    expect(result.failed.map((f) => [f.code, f.retryable])).toEqual(Array.from({ length: 3 }, () => ['TooManyRequestsException', true]));
  });

  it('retries a batch whose whole request failed on the server side', async () => {
    securityHub
      .on(BatchImportFindingsCommand)
      .rejectsOnce(Object.assign(awsError('InternalException', 'oops'), { $fault: 'server' }))
      .resolves({ SuccessCount: 3, FailedCount: 0, FailedFindings: [] });
    const { importer: subject } = importer();

    expect(await subject.import(documents(3))).toEqual({ imported: 3, failed: [], requests: 2 });
  });
});
