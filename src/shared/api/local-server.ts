/**
 * Serves an API Gateway v2 handler on a local port: each Node request becomes the payload-2.0 event
 * API Gateway would send. Binds 127.0.0.1 only — the local API has no IAM in front of it.
 *
 * Any web page can make a browser send requests here, so no request may stop the server: a target
 * that is not a path (nor a well-formed http(s) URL) answers 400, bytes Node's parser rejects answer
 * 400 (431 for oversized headers) and close the connection, and a client that leaves mid-request is
 * simply forgotten.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiError, type HttpResponse } from './http.js';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;

export interface LocalServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The API reads no bodies; cap what a client can make us buffer. */
const MAX_BODY_BYTES = 64 * 1024;

export interface RequestTarget {
  path: string;
  /** The raw query string, without the `?`. */
  query: string;
}

/**
 * The path and query of a request target (RFC 9112 §3.2): origin-form (`/findings?x=1`, taken as is,
 * even `//a:99999/`, which is a path and not a URL) or absolute-form (`http://host/findings`, what a
 * proxy sends: only its path is served). Authority-form, asterisk-form and anything else: undefined.
 */
export function requestTarget(target: string): RequestTarget | undefined {
  if (target.startsWith('/')) {
    const at = target.indexOf('?');
    return at < 0 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
  }
  if (!/^https?:\/\//i.test(target) || !URL.canParse(target)) return undefined;
  const url = new URL(target);
  return { path: url.pathname, query: url.search.slice(1) };
}

export function toApiGatewayEvent(req: IncomingMessage, target: RequestTarget, body = ''): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway joins repeated query parameters with commas, and decodes their values.
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(target.query)) query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: target.path,
    rawQueryString: target.query,
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: target.path,
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

function send(res: ServerResponse, response: HttpResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.statusCode, response.headers);
  res.end(typeof response.body === 'string' ? response.body : '');
}

async function serve(handler: ApiHandler, req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const target = requestTarget(req.url ?? '');
  if (!target) {
    send(res, apiError(400, 'BAD_REQUEST', 'the request target must be a path such as /findings'));
    return;
  }
  send(res, await handler(toApiGatewayEvent(req, target, body)));
}

/** Answers on the raw socket (no request object to answer through), then closes it. */
function refuse(socket: Socket, status: string, message: string): void {
  if (socket.writable) {
    const body = JSON.stringify({ error: { code: 'BAD_REQUEST', message } });
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Bytes Node's HTTP parser rejected (the client may already be gone). */
function rejectUnparsable(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET') socket.destroy();
  else if (error.code === 'HPE_HEADER_OVERFLOW') refuse(socket, '431 Request Header Fields Too Large', 'the request headers are too large');
  else refuse(socket, '400 Bad Request', 'the request is not valid HTTP');
}

/** Starts serving `handler` on 127.0.0.1:`port` (0 = any free port). */
export async function startLocalServer(handler: ApiHandler, port = 0): Promise<LocalServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size < MAX_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    // A client that closes mid-request never reaches 'end': nothing to answer, nothing to clean up.
    req.on('error', () => undefined);
    req.on('end', () => {
      serve(handler, req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        // The handler shapes its own errors; reaching here is a bug, answered without details.
        process.stderr.write(`preflight api: ${error instanceof Error ? error.message : String(error)}\n`);
        send(res, apiError(500, 'INTERNAL', 'the request could not be served'));
      });
    });
  });
  server.on('clientError', rejectUnparsable);
  // CONNECT (authority-form) is for proxies; this is none.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => refuse(socket, '400 Bad Request', 'CONNECT is not served here'));
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
