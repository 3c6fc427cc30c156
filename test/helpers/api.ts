/** Findings API test helpers: API Gateway v2 events and a store seeded with findings. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RULES } from '../../src/rules/index.js';
import type { Finding } from '#shared/core/model.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import { DEFAULT_POLICY } from '#shared/store/transitions.js';

export function apiEvent(rawPath: string, query?: Record<string, string>, method = 'GET', headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: new URLSearchParams(query ?? {}).toString(),
    headers: { host: 'api.example.test', ...headers },
    queryStringParameters: query,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
  };
}

const STATUSES: Finding['status'][] = ['PASS', 'FAIL', 'FAIL', 'ERROR', 'NOT_APPLICABLE'];
const REGIONS = ['eu-west-1', 'us-east-1'];

/** `count` findings spread over the real rules, statuses and two regions, changed one second apart. */
export function syntheticFindings(count: number, start = Date.UTC(2026, 10, 1)): Finding[] {
  return Array.from({ length: count }, (_, i) => {
    const rule = RULES[i % RULES.length]!;
    const region = REGIONS[i % REGIONS.length]!;
    const name = `resource-${String(i).padStart(5, '0')}`;
    return {
      ruleId: rule.id,
      resourceId: `arn:aws:test:${region}:123456789012:thing/${name}`,
      resourceName: name,
      resourceType: rule.resourceType,
      accountId: '123456789012',
      region,
      status: STATUSES[i % STATUSES.length]!,
      severity: rule.severity,
      reason: `${name} is ${STATUSES[i % STATUSES.length]}`,
      evidence: { i },
      evaluatedAt: new Date(start + i * 1000).toISOString(),
    };
  });
}

export async function seed(store: FindingsStore, findings: readonly Finding[]): Promise<void> {
  await store.record(findings, { mode: 'event', accountId: '123456789012', policy: { ...DEFAULT_POLICY, baselined: false } });
}
