/**
 * deploy/esbuild-plugins.cjs rewrites AWS SDK schema modules at bundle time. The rewrite must not change
 * what goes on the wire or what comes back: the same calls (query, rest-xml, JSON and rest-json
 * protocols, a modeled error) run through a bundle built with the plugin and one built without, against
 * one local fake endpoint, and the recorded requests and parsed answers must be identical. The plugin
 * must also actually shrink the bundle, or it is dead weight.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './package.js';

const require = createRequire(import.meta.url);
const plugins = require('../../deploy/esbuild-plugins.cjs') as Plugin[] & {
  inlineConstantKeys: (source: string) => { contents: string; replaced: number };
};

/** One call per protocol family the rules use; every answer is normalized to plain JSON. */
const ENTRY = `
import { EC2Client, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { RDSClient, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, DescribeContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient, BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';

export async function run(endpoint) {
  const config = { endpoint, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
  const settle = (p) => p.then((v) => ({ ok: strip(v) }), (e) => ({ error: e.name, message: e.message, fault: e.$fault }));
  const strip = ({ $metadata, ...rest }) => JSON.parse(JSON.stringify(rest));
  return {
    ec2: await settle(new EC2Client(config).send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-1'], MaxResults: 5 }))),
    rds: await settle(new RDSClient(config).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'db-1' }))),
    s3: await settle(new S3Client({ ...config, forcePathStyle: true }).send(new GetBucketVersioningCommand({ Bucket: 'b-1' }))),
    dynamodb: await settle(new DynamoDBClient(config).send(new DescribeContinuousBackupsCommand({ TableName: 't-1' }))),
    securityhub: await settle(new SecurityHubClient(config).send(new BatchImportFindingsCommand({ Findings: [{
      SchemaVersion: '2018-10-08', Id: 'f-1', ProductArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      GeneratorId: 'preflight/s3', AwsAccountId: '123456789012', Types: ['Software and Configuration Checks'],
      CreatedAt: '2026-01-01T00:00:00Z', UpdatedAt: '2026-01-01T00:00:00Z', Severity: { Label: 'HIGH' }, Title: 't', Description: 'd',
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::b-1', Details: { AwsS3Bucket: { Name: 'b-1' } } }], Compliance: { Status: 'FAILED' },
    }] }))),
  };
}
`;

const EC2_ANSWER = `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
<securityGroupInfo><item><groupId>sg-1</groupId><groupName>web</groupName><ipPermissions><item><ipProtocol>tcp</ipProtocol>
<fromPort>22</fromPort><toPort>22</toPort><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions>
</item></securityGroupInfo><nextToken>n-2</nextToken></DescribeSecurityGroupsResponse>`;
const RDS_ERROR = `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type>
<Code>DBInstanceNotFound</Code><Message>DBInstance db-1 not found.</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
const S3_ANSWER = `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>`;
const DYNAMO_ANSWER = JSON.stringify({
  ContinuousBackupsDescription: {
    ContinuousBackupsStatus: 'ENABLED',
    PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', EarliestRestorableDateTime: 1.7e9 },
  },
});
const SECURITYHUB_ANSWER = JSON.stringify({ FailedCount: 1, SuccessCount: 0, FailedFindings: [{ Id: 'f-1', ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }] });

interface Recorded {
  method: string;
  path: string;
  target: string | undefined;
  body: string;
}

function answer(request: IncomingMessage, body: string): { status: number; type: string; text: string } {
  const target = request.headers['x-amz-target'];
  if (body.includes('Action=DescribeSecurityGroups')) return { status: 200, type: 'text/xml', text: EC2_ANSWER };
  if (body.includes('Action=DescribeDBInstances')) return { status: 404, type: 'text/xml', text: RDS_ERROR };
  if (request.url?.includes('versioning')) return { status: 200, type: 'application/xml', text: S3_ANSWER };
  if (target === 'DynamoDB_20120810.DescribeContinuousBackups') return { status: 200, type: 'application/x-amz-json-1.0', text: DYNAMO_ANSWER };
  if (request.url === '/findings/import') return { status: 200, type: 'application/json', text: SECURITYHUB_ANSWER };
  return { status: 400, type: 'text/plain', text: `unexpected request ${request.method} ${request.url}` };
}

let server: Server;
let endpoint: string;
let recorded: Recorded[] = [];
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = request.headers['x-amz-target'];
      recorded.push({ method: request.method ?? '', path: request.url ?? '', target: typeof target === 'string' ? target : undefined, body });
      const a = answer(request, body);
      response.writeHead(a.status, { 'content-type': a.type, 'x-amzn-requestid': 'r' }).end(a.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'preflight-plugin-'));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function bundle(name: string, withPlugins: boolean): Promise<{ bytes: number; run: (endpoint: string) => Promise<unknown> }> {
  const outfile = join(dir, `${name}.cjs`);
  await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'silent',
    plugins: withPlugins ? [...plugins] : [],
  });
  const bytes = (await readFile(outfile)).byteLength;
  return { bytes, ...(require(outfile) as { run: (endpoint: string) => Promise<unknown> }) };
}

describe('pure-aws-schemas esbuild plugin', () => {
  it('rewrites only constant computed keys', () => {
    const source = 'const _a = "ec2QueryName";\nconst _b = "x\\"y";\nexport var S$ = [3, n0, "S", 0, [_a], [[0, { [_a]: `Max`, [_b]: 1, [other]: 2 }]]];\n';
    const { contents, replaced } = plugins.inlineConstantKeys(source);
    expect(replaced).toBe(2);
    expect(contents).toContain('{ "ec2QueryName": `Max`, "x\\"y": 1, [other]: 2 }');
  });

  it('sends the same requests and parses the same answers as the unmodified SDK, in a smaller bundle', async () => {
    const plain = await bundle('plain', false);
    const pure = await bundle('pure', true);

    recorded = [];
    const expected = await plain.run(endpoint);
    const plainRequests = recorded;
    recorded = [];
    const actual = await pure.run(endpoint);

    expect(actual).toEqual(expected);
    expect(recorded).toEqual(plainRequests);
    // The answers were parsed, not errors of an unexpected request.
    expect(expected).toMatchObject({
      ec2: { ok: { NextToken: 'n-2', SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [{ FromPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }] } },
      rds: { error: 'DBInstanceNotFoundFault', fault: 'client' },
      s3: { ok: { Status: 'Enabled', MFADelete: 'Disabled' } },
      dynamodb: { ok: { ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } } },
      securityhub: { ok: { FailedCount: 1, FailedFindings: [{ Id: 'f-1', ErrorCode: 'InvalidInput' }] } },
    });
    expect(plainRequests.find((r) => r.path === '/findings/import')?.body).toContain('"AwsS3Bucket":{"Name":"b-1"}');
    expect(pure.bytes).toBeLessThan(plain.bytes * 0.7);
  }, 60_000);
});
