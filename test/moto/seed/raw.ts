/**
 * Calls to moto for the few APIs Preflight has no SDK client for (EventBridge, classic ELB,
 * CloudFormation). moto reads the account from the access key and the region and service from the
 * credential scope of the Authorization header; it does not check signatures, so none is computed.
 */
import { MOTO_CREDENTIALS } from '../../helpers/moto.js';

function authorization(service: string, region: string, accessKeyId = MOTO_CREDENTIALS.accessKeyId): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** A JSON protocol call (EventBridge: target `AWSEvents.PutRule`...). Throws with moto's answer on an error. */
export async function motoJson<T>(endpoint: string, service: string, region: string, target: string, body: unknown, version = '1.1'): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': `application/x-amz-json-${version}`,
      'X-Amz-Target': target,
      Authorization: authorization(service, region),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target} answered ${response.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** A query protocol call (form-encoded parameters, XML answer returned as text). */
export async function motoQuery(endpoint: string, service: string, region: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', Authorization: authorization(service, region) },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${params.Action} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

/** The text of every `<tag>` element of an XML answer (enough for the few fields the tests read). */
export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}
