/**
 * Which files of a function's build its handler imports while it handles one event: the handler runs in
 * a child node whose module loader logs every file it loads, against a local endpoint that refuses every
 * AWS call at once (AccessDenied: not retried), so the invocation goes as far as the first calls of each
 * client it needs (the rules' reads, the store's write) without waiting on the network. What the log
 * names is what a cold start pays for that event; bench/bundles.ts times importing exactly those files.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../test/deploy/package.js';

const LOG_HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(process.env.LOADED_FILES_LOG, url + '\\n');
  return nextLoad(url, context);
}`;

const REGISTER = `import { register } from 'node:module';
register(new URL('./log-hooks.mjs', import.meta.url));`;

/** Calls the handler once with the event file's event, as Lambda would; errors are expected and logged. */
const INVOKE = `const [entry, eventFile] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const { handler } = await import(entry);
const context = {
  functionName: 'preflight-bench-cloudtrailEvent', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:preflight-bench-cloudtrailEvent',
  awsRequestId: 'bench', logGroupName: 'bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60000,
};
try {
  console.log(JSON.stringify(await handler(JSON.parse(readFileSync(eventFile, 'utf8')), context)));
} catch (error) {
  console.log('handler threw', error?.name);
}`;

/** AccessDenied in the shape of each protocol: JSON (DynamoDB, SQS...) by X-Amz-Target, XML otherwise. */
function refuse(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  request.on('end', () => {
    if (request.headers['x-amz-target']) {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'com.amazonaws#AccessDeniedException', message: 'refused by the bench' }));
      return;
    }
    response.writeHead(403, { 'content-type': 'text/xml' });
    response.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>refused by the bench</Message><RequestId>bench</RequestId></Error>',
    );
  });
}

/** The files (relative to `codeDir`, in load order) the function's handler imports while it handles the event. */
export async function filesLoadedByFirstEvent(codeDir: string, entry: string, eventFile: string): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'preflight-first-event-'));
  const log = join(work, 'loaded.log');
  await writeFile(join(work, 'log-hooks.mjs'), LOG_HOOKS);
  await writeFile(join(work, 'register.mjs'), REGISTER);
  await writeFile(join(work, 'invoke.mjs'), INVOKE);
  await writeFile(log, '');
  const server = createServer(refuse);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const env = {
      PATH: process.env.PATH ?? '',
      LOADED_FILES_LOG: log,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_ENDPOINT_URL: endpoint,
      FINDINGS_TABLE: 'preflight-bench-findings',
      ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:preflight-bench-alerts',
      SCAN_REGIONS: 'eu-west-1',
      POWERTOOLS_SERVICE_NAME: 'preflight',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    const args = [
      '--import',
      pathToFileURL(join(work, 'register.mjs')).href,
      join(work, 'invoke.mjs'),
      pathToFileURL(join(codeDir, entry)).href,
      join(ROOT, eventFile),
    ];
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, args, { env, timeout: 120_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    if (!output.trim()) throw new Error('the handler printed nothing');
  } finally {
    server.close();
  }
  const files = (await readFile(log, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((url) => relative(codeDir, fileURLToPath(url)));
  const ours = [...new Set(files.filter((file) => !file.startsWith('..')))];
  if (ours[0] !== entry) throw new Error(`expected ${entry} to load first, got ${ours[0]}`);
  return ours;
}
