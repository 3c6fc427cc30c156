/** The parse of a queued message's body (SQS work items, follow-up steps), whose every defect is named. */
import type * as z from 'zod';

/** Parses a JSON message body against `schema`; `invalid` builds the typed error naming what is wrong. */
export function parseMessageBody<T>(body: string, schema: z.ZodType<T>, what: string, invalid: (message: string, options?: ErrorOptions) => Error): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw invalid(`${what} is not JSON`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw invalid(`invalid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
