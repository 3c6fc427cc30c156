/**
 * Opaque pagination cursors. A cursor carries the DynamoDB start key of the next page, bound to the
 * index and the query it came from, and is signed: a client cannot edit one into a read of another
 * partition, index or item kind. Even with the signing key, the strict check of the decoded key only
 * lets a cursor resume inside the partition its own query reads.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/**
 * Longer cursors are refused before any work. A cursor's key values are bounded by the 1,024-byte
 * changedSort that embeds the pk, so even with JSON escapes a real cursor stays well below this.
 */
export const MAX_CURSOR_LENGTH = 8_192;

/** A deployed signing key is at least this long (the stack generates 64 characters). */
export const MIN_CURSOR_SECRET_LENGTH = 32;

const cursorSchema = z
  .object({
    /** Index name. */
    i: z.string().max(64),
    /** Fingerprint of the query's filters. */
    q: z.string().max(2_048),
    /** The start key. */
    k: z.record(z.string(), z.string()),
  })
  .strict();

export type CursorPayload = z.infer<typeof cursorSchema>;

export class InvalidCursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(payload: CursorPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(body, secret)}`;
}

export function decodeCursor(cursor: string, secret: string): CursorPayload {
  const [body, signature, extra] = cursor.split('.', 3);
  if (!body || !signature || extra !== undefined || cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError('malformed cursor');
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidCursorError('cursor signature does not match');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not valid JSON');
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new InvalidCursorError('cursor has an unexpected shape');
  return parsed.data;
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url').slice(0, 32);
}
