import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../src/rules/index.js';
import { createFindingsApi } from '#shared/api/findings-api.js';
import { type LocalServer, startLocalServer } from '#shared/api/local-server.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { seed, syntheticFindings } from '../../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';

let dynamo: LocalDynamo;
let server: LocalServer;
const findings = syntheticFindings(90);

beforeAll(async () => {
  dynamo = await startDynalite();
  const store = new FindingsStore(dynamo.client, await dynamo.createTable());
  await seed(store, findings);
  server = await startLocalServer(createFindingsApi({ store, rules: RULES, cursorSecret: 'e2e' }));
});
afterAll(async () => {
  await server.close();
  await dynamo.stop();
});

describe('the findings API over real HTTP', () => {
  it('binds 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('pages across 3 pages with cursors, filters combined, with JSON and security headers', async () => {
    const expected = findings.filter((f) => f.status === 'FAIL' && f.region === 'us-east-1');
    expect(expected.length).toBeGreaterThan(10);
    const limit = Math.ceil(expected.length / 3);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = new URL('/findings', server.url);
      url.searchParams.set('status', 'FAIL');
      url.searchParams.set('region', 'us-east-1');
      url.searchParams.set('limit', String(limit));
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('strict-transport-security')).toContain('max-age');
      const body = (await res.json()) as { items: Array<{ resourceId: string }>; nextCursor: string | null };
      seen.push(...body.items.map((f) => f.resourceId));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(expected.map((f) => f.resourceId).sort());
  });

  it('serves one finding by URL-encoded ARN, and the summary and rules', async () => {
    const target = findings[1]!;
    const one = await fetch(`${server.url}/findings/${target.ruleId}/${encodeURIComponent(target.resourceId)}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ resourceId: target.resourceId, history: expect.any(Array) });
    expect((await fetch(`${server.url}/summary`)).status).toBe(200);
    expect((await fetch(`${server.url}/rules`)).status).toBe(200);
  });

  it('answers 400, 404 and 405 as JSON', async () => {
    const bad = await fetch(`${server.url}/findings?limit=1000`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${server.url}/findings`, { method: 'DELETE' })).status).toBe(405);
  });
});

/** What came back on a raw connection: the bytes read until the server closed it or went quiet. */
interface RawReply {
  text: string;
  status: number | undefined;
  closedByServer: boolean;
}

/** Writes `request` as raw bytes (no client-side validation), then reads until close or `quietMs` of silence. */
function rawRequest(port: number, request: string | Buffer, options: { abortAfterWrite?: boolean; quietMs?: number } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ text, status: status ? Number(status) : undefined, closedByServer });
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, options.quietMs ?? 300);
    };
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      quiet();
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => finish());
    socket.on('connect', () => {
      socket.write(request, () => {
        if (options.abortAfterWrite) {
          socket.destroy();
          resolve({ text: '', status: undefined, closedByServer: false });
        } else quiet();
      });
    });
  });
}

/** The server still answers a normal request. */
async function stillServing(): Promise<void> {
  const res = await fetch(`${server.url}/rules`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

const line = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;

describe('the local server under raw, hostile requests', () => {
  it.each([
    ['an origin-form target that looks like a network path', line('//a:99999/')],
    ['a network path with a bad host', line('//[::1/findings')],
    ['an absolute-form target with an impossible port', line('http://a:99999/findings')],
    ['an absolute-form target with a broken host', line('http://[::1/findings')],
    ['an absolute-form target of another scheme', line('ftp://example.com/findings')],
    ['an authority-form target on GET', line('127.0.0.1:99999')],
    ['an asterisk-form target', 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'],
    ['CONNECT to an authority', 'CONNECT 127.0.0.1:99999 HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n\r\n'],
    ['a bare query target', line('?status=FAIL')],
    ['a target with a backslash', line('\\\\a\\findings')],
    ['a malformed request line', 'GARBAGE\r\n\r\n'],
    ['an unknown HTTP version', 'GET /rules HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['a NUL byte in the target', line('/findings\u0000x')],
    ['a control character in a header value', line('/rules', 'X-Evil: a\u0001b\r\n')],
    ['a header without a colon', line('/rules', 'NoColonHere\r\n')],
    ['a bare LF inside a header value', line('/rules', 'X-Evil: a\nb\r\n')],
    ['a 64 KiB header', line('/rules', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`)],
    ['a 64 KiB target', line(`/findings?status=${'F'.repeat(64 * 1024)}`)],
    ['conflicting Content-Length headers', line('/rules', 'Content-Length: 1\r\nContent-Length: 2\r\n')],
    ['an invalid chunked body', `POST /findings HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n`],
  ])('answers %s with a 4xx or a close, and keeps serving', async (_name, request) => {
    // Act
    const reply = await rawRequest(server.port, request);
    // Assess
    if (reply.status !== undefined) {
      expect(reply.status, reply.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(reply.status, reply.text.slice(0, 200)).toBeLessThan(500);
    } else {
      expect(reply.text).toBe('');
    }
    await stillServing();
  });

  it.each([
    ['a request line without a version (HTTP/0.9 style)', 'GET /rules\r\n\r\n'],
    ['a Host header with an odd port', 'GET /rules HTTP/1.1\r\nHost: a:99999\r\nConnection: close\r\n\r\n'],
    ['no Host header', 'GET /rules HTTP/1.0\r\n\r\n'],
  ])('answers odd but parseable %s normally', async (_name, request) => {
    const reply = await rawRequest(server.port, request);
    expect(reply.status).toBe(200);
    await stillServing();
  });

  it("answers a request for //a:99999/ as a path, with the API's JSON error", async () => {
    const reply = await rawRequest(server.port, line('//a:99999/'));
    expect(reply.status).toBe(404);
    expect(reply.text).toContain('"code":"NOT_FOUND"');
  });

  it('answers an absolute-form target with a valid authority as its path', async () => {
    const reply = await rawRequest(server.port, line(`http://127.0.0.1:${server.port}/findings?limit=1000`));
    expect(reply.status).toBe(400);
    const ok = await rawRequest(server.port, line(`http://127.0.0.1:${server.port}/rules`));
    expect(ok.status).toBe(200);
  });

  it('answers 400 with a JSON error to a target that is no URL at all', async () => {
    const reply = await rawRequest(server.port, line('http://a:99999/findings'));
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('"code":"BAD_REQUEST"');
  });

  it('survives clients that vanish mid-request or before the answer', async () => {
    await rawRequest(server.port, 'GET /fin', { abortAfterWrite: true });
    await rawRequest(server.port, line('/summary'), { abortAfterWrite: true });
    await rawRequest(server.port, line('//a:99999/'), { abortAfterWrite: true });
    await rawRequest(server.port, `POST /findings HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(1000)}`, { abortAfterWrite: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stillServing();
  });

  it('answers each of several pipelined requests, a hostile one between two good ones', async () => {
    const keepAlive = (target: string) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const reply = await rawRequest(server.port, `${keepAlive('/rules')}${keepAlive('//a:99999/')}${line('/summary')}`, { quietMs: 1_000 });
    expect([...reply.text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]))).toEqual([200, 404, 200]);
    await stillServing();
  });
});
