/**
 * Reads back a scan saved with `preflight scan --format json --output findings.json`, validated so a
 * wrong or truncated file is one clear error naming the offending field, not a half-rendered report.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { ConfigError, errorMessage } from '#shared/core/errors.js';
import { FindingStatus, SEVERITIES, type Severity } from '#shared/core/model.js';
import { describeIssues } from '#shared/config/preflight-config.js';
import type { ScanReport } from './model.js';

const severity = z.enum(SEVERITIES as [Severity, ...Severity[]]);
const statuses = Object.values(FindingStatus) as [FindingStatus, ...FindingStatus[]];
const status = z.enum(statuses);
const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO date-time' });

const findingSchema = z.object({
  ruleId: z.string().min(1),
  resourceId: z.string().min(1),
  resourceName: z.string(),
  resourceType: z.string().regex(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/, 'must look like AWS::S3::Bucket'),
  accountId: z.string(),
  region: z.string(),
  status,
  evaluatedStatus: z.enum(['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'RESOLVED']).optional(),
  severity,
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()).default({}),
  evaluatedAt: iso,
  suppression: z.object({ ruleId: z.string(), resourcePattern: z.string(), reason: z.string(), expiresAt: z.string().optional() }).optional(),
});

const reportSchema = z.object({
  version: z.string(),
  accountId: z.string(),
  regions: z.array(z.string()),
  startedAt: iso,
  finishedAt: iso,
  failOn: severity,
  config: z.string().optional(),
  readiness: z.object({
    score: z.number().int().min(0).max(100).nullable(),
    passing: z.number().int().min(0),
    applicable: z.number().int().min(0),
    rules: z.array(
      z.object({
        ruleId: z.string(),
        severity,
        verdict: z.enum(['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE']),
        counts: z.partialRecord(status, z.number().int().min(0)),
      }),
    ),
  }),
  findings: z.array(findingSchema),
});

export function parseSavedReport(text: string, source: string): ScanReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not JSON (save a scan with --format json --output ${source}): ${errorMessage(error)}`, { cause: error });
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error);
    const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
    throw new ConfigError(`${source} is not a saved preflight scan: ${problems.slice(0, 3).join('; ')}${more}`, { cause: parsed.error });
  }
  return parsed.data as ScanReport;
}

export async function loadSavedReport(path: string, shownAs: string): Promise<ScanReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read --from ${shownAs}: ${errorMessage(error)}`, { cause: error });
  }
  return parseSavedReport(text, shownAs);
}
