/**
 * Answers that are not the service's protocol, from a real local HTTP server to real SDK clients (the
 * awsApiProvider's, through AWS_ENDPOINT_URL): an HTML error page, a truncated body. The finding says
 * which service and operation got what HTTP status, in one line, and keeps the raw text as evidence.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sesProductionAccess } from '../../../src/rules/ses/production-access.js';
import { wafv2WebAclAssociated } from '../../../src/rules/wafv2/webacl-associated.js';
import { s3BucketVersioningEnabled } from '../../../src/rules/s3/bucket-versioning-enabled.js';
import { MAX_ANSWER_TEXT } from '#shared/core/errors.js';
import { runRule } from '../../helpers/aws.js';

interface Answer {
  status: number;
  type: string;
  body: string;
}

const HTML_500 = '<!doctype html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>';

let server: Server;
let answer: (request: IncomingMessage, body: string) => Answer;
const saved = process.env.AWS_ENDPOINT_URL;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { status, type, body } = answer(request, Buffer.concat(chunks).toString('utf8'));
      response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  answer = () => ({ status: 500, type: 'text/html', body: HTML_500 });
});

describe('an answer the SDK cannot read', () => {
  it('is one line naming the service, the operation and the HTTP status (an HTML 500, JSON protocol), the page kept as evidence', async () => {
    const { findings } = await runRule(sesProductionAccess);

    expect(findings.map((f) => `${f.status}: ${f.reason}`)).toEqual([
      `ERROR: UnreadableAnswer: ses ListEmailIdentities answered HTTP 500 (text/html, ${HTML_500.length} bytes) with something ` +
        'other than an AWS answer; the raw text is in the evidence',
    ]);
    expect(findings[0]?.reason).not.toContain('\n');
    expect(findings[0]?.evidence).toMatchObject({
      errorCode: 'UnreadableAnswer',
      service: 'ses',
      operation: 'ListEmailIdentities',
      httpStatus: 500,
      contentType: 'text/html',
      answer: HTML_500,
      answerBytes: HTML_500.length,
    });
    expect(String(findings[0]?.evidence.parseError)).toMatch(/not valid JSON/);
  });

  it('keeps a truncated JSON body (HTTP 200) and what the parser said of it', async () => {
    const truncated = '{"EmailIdentities":[{"IdentityName":"retainwise.ai","IdentityType":"DOM';
    answer = () => ({ status: 200, type: 'application/json', body: truncated });

    const { findings } = await runRule(sesProductionAccess);

    expect(findings[0]?.reason).toBe(
      `UnreadableAnswer: ses ListEmailIdentities answered HTTP 200 (application/json, ${truncated.length} bytes) with something ` +
        'other than an AWS answer; the raw text is in the evidence',
    );
    expect(findings[0]?.evidence).toMatchObject({ httpStatus: 200, answer: truncated, parseError: expect.stringMatching(/JSON/) });
  });

  it('names the listing call of an XML-protocol service answered with an HTML 500', async () => {
    // API Gateway answers properly; ELBv2 (query protocol, XML) gets the proxy's page.
    answer = (request) =>
      request.url?.startsWith('/restapis')
        ? { status: 200, type: 'application/json', body: '{"item":[]}' }
        : { status: 500, type: 'text/html', body: HTML_500 };

    const { findings } = await runRule(wafv2WebAclAssociated);

    expect(findings.map((f) => `${f.status}: ${f.reason}`)).toEqual([
      `ERROR: could not list resources: UnreadableAnswer: elbv2 DescribeLoadBalancers answered HTTP 500 (text/html, ${HTML_500.length} bytes) ` +
        'with something other than an AWS answer; the raw text is in the evidence',
    ]);
    expect(findings[0]?.evidence).toMatchObject({ answer: HTML_500 });
  });

  it('is ERROR, never "no load balancer", when an HTML page comes with HTTP 200 to an XML-protocol call', async () => {
    const login = '<!DOCTYPE html>\n<html><body><form action="/login">Sign in to the proxy</form></body></html>';
    answer = (request) =>
      request.url?.startsWith('/restapis')
        ? { status: 200, type: 'application/json', body: '{"item":[]}' }
        : { status: 200, type: 'text/html; charset=utf-8', body: login };

    const { findings } = await runRule(wafv2WebAclAssociated);

    expect(findings.map((f) => f.status)).toEqual(['ERROR']);
    expect(findings[0]?.reason).toBe(
      `could not list resources: UnreadableAnswer: elbv2 DescribeLoadBalancers answered HTTP 200 (text/html; charset=utf-8, ${login.length} bytes) ` +
        'with something other than an AWS answer; the raw text is in the evidence',
    );
  });

  it('reads a valid JSON answer labelled text/html (as moto labels its JSON-protocol answers), and still refuses an untagged HTML fragment', async () => {
    answer = () => ({ status: 200, type: 'text/html; charset=utf-8', body: '{"EmailIdentities":[],"NextToken":null}' });
    expect((await runRule(sesProductionAccess)).findings.map((f) => f.reason)).not.toContainEqual(expect.stringContaining('UnreadableAnswer'));

    // A fragment without <!doctype> or <html>, served as HTML to an XML-protocol call: not an empty answer.
    answer = (request) =>
      request.url?.startsWith('/restapis')
        ? { status: 200, type: 'application/json', body: '{"item":[]}' }
        : { status: 200, type: 'text/html', body: '<p>Access to this site is blocked by policy.</p>' };
    expect((await runRule(wafv2WebAclAssociated)).findings.map((f) => f.status)).toEqual(['ERROR']);
  });

  it('keeps a truncated XML body (S3, REST-XML) and cuts a long answer to a readable length', async () => {
    const truncated = `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets><Bucket><Name>${'x'.repeat(3 * MAX_ANSWER_TEXT)}`;
    answer = () => ({ status: 200, type: 'application/xml', body: truncated });

    const { findings } = await runRule(s3BucketVersioningEnabled);

    expect(findings[0]?.reason).toBe(
      `could not list resources: UnreadableAnswer: s3 ListBuckets answered HTTP 200 (application/xml, ${truncated.length} bytes) ` +
        'with something other than an AWS answer; the raw text is in the evidence',
    );
    expect(findings[0]?.evidence.answer).toBe(`${truncated.slice(0, MAX_ANSWER_TEXT)}…`);
    expect(findings[0]?.evidence.answerBytes).toBe(truncated.length);
  });

  it('leaves an AWS error answer as it is: its code, not UnreadableAnswer', async () => {
    answer = () => ({
      status: 400,
      type: 'application/json',
      body: '{"__type":"AccessDeniedException","message":"User is not authorized to perform ses:ListEmailIdentities"}',
    });

    const { findings } = await runRule(sesProductionAccess);

    expect(findings.map((f) => `${f.status}: ${f.reason}`)).toEqual([
      'ERROR: AccessDeniedException: User is not authorized to perform ses:ListEmailIdentities',
    ]);
    expect(findings[0]?.evidence).toEqual({ errorCode: 'AccessDeniedException' });
  });
});
