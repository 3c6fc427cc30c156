/**
 * Making untrusted text safe to put in a message. Resource names, tag values, reasons and evidence come
 * from the audited account: a newline in an alarm name must not add a line to an email, a Slack mention
 * in a log group name must not ping a channel, and a subject must stay within what SNS accepts.
 */

/**
 * Characters that change a message's layout or reading direction: C0 and C1 controls (newline, carriage
 * return, escape…), DEL, the Unicode line and paragraph separators, and the bidirectional overrides.
 */
const LAYOUT_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Every layout character written as a visible escape (`\n`, `\u001b`): one field stays one line. */
export function escapeControl(text: string): string {
  return text.replace(LAYOUT_CHARACTERS, (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escaped, then cut to `max` characters (ending with `...` when cut): a field's size is bounded. */
export function field(text: string, max: number): string {
  const safe = escapeControl(text);
  return safe.length <= max ? safe : `${safe.slice(0, Math.max(0, max - 3))}...`;
}

/**
 * SNS subjects: ASCII, one line, fewer than 100 characters (the Publish API refuses anything else).
 * Accents are stripped (é → e), any other non-printable or non-ASCII character becomes `?`.
 */
export const SUBJECT_MAX = 99;

export function asciiSubject(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7E]/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  return ascii.length <= SUBJECT_MAX ? ascii : `${ascii.slice(0, SUBJECT_MAX - 3)}...`;
}

/**
 * Text for a chat platform's markdown (Slack, Microsoft Teams through AWS Chatbot): escaped, and `&`,
 * `<`, `>` written as entities, as Slack asks, so `<!channel>` or `<https://evil|link>` inside a
 * resource name is shown, never acted on.
 */
export function chatText(text: string, max: number): string {
  return field(text, max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
