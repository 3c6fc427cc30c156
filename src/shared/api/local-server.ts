/**
 * Serves an API Gateway v2 handler on a local port: each Node request becomes the payload-2.0 event
 * API Gateway would send. Binds 127.0.0.1 only — the local API has no IAM in front of it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpResponse } from './http.js';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;

export interface LocalServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function toApiGatewayEvent(req: IncomingMessage, body = ''): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway joins repeated query parameters with commas, and decodes their values.
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body || undefined,
    isBase64Encoded: false,
  };
}

/** Starts serving `handler` on 127.0.0.1:`port` (0 = any free port). */
export async function startLocalServer(handler: ApiHandler, port = 0): Promise<LocalServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      // The API reads no bodies; cap what a client can make us buffer.
      if (chunks.reduce((n, c) => n + c.length, 0) < 64 * 1024) chunks.push(chunk);
    });
    req.on('end', () => {
      handler(toApiGatewayEvent(req, Buffer.concat(chunks).toString('utf8')))
        .then((response) => {
          res.writeHead(response.statusCode, response.headers);
          res.end(typeof response.body === 'string' ? response.body : '');
        })
        .catch((error: unknown) => {
          // The handler shapes its own errors; reaching here is a bug, answered without details.
          process.stderr.write(`preflight api: ${error instanceof Error ? error.message : String(error)}\n`);
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'the request could not be served' } }));
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export {};
