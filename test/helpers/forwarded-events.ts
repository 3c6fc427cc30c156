/**
 * A recorded CloudTrail event (test/fixtures/cloudtrail/) as the central bus delivers it from another
 * account or region: forwarding keeps the envelope's `account` and `region` and the record itself, so
 * every mention of the recording's account id and region is rewritten to the origin's.
 */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/cloudtrail/', import.meta.url);
const RECORDED_ACCOUNT = '123456789012';
const RECORDED_REGION = 'eu-west-1';

export interface ForwardedEvent {
  account: string;
  region: string;
  detail: Record<string, unknown>;
  [key: string]: unknown;
}

/** `file` (e.g. s3-PutBucketVersioning.json) as recorded in `account` / `region`, with `edit` applied to its detail. */
export function forwardedEvent(
  file: string,
  origin: { account: string; region: string },
  edit: (detail: Record<string, unknown>) => void = () => undefined,
): ForwardedEvent {
  const text = readFileSync(new URL(file, FIXTURES), 'utf8').replaceAll(RECORDED_ACCOUNT, origin.account).replaceAll(RECORDED_REGION, origin.region);
  const event = JSON.parse(text) as ForwardedEvent;
  if (event.account !== origin.account || event.region !== origin.region) throw new Error(`${file} was not recorded in ${RECORDED_ACCOUNT} ${RECORDED_REGION}`);
  edit(event.detail);
  return event;
}
