/**
 * One-segment SMS: at most 160 characters of the GSM 03.38 7-bit alphabet. Anything else (emoji,
 * CJK, most accents) would switch the whole message to UCS-2 and a 70-character segment, so it is
 * transliterated or replaced before sending.
 */

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters of the extension table: each costs two septets. */
const GSM_EXTENDED = '^{}\\[~]|€\f';

const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export const SMS_SEGMENT_SEPTETS = 160;

/** Septets a GSM-7 string occupies, or Infinity if it is not GSM-7. */
export function gsm7Length(text: string): number {
  let length = 0;
  for (const char of text) {
    if (BASIC.has(char)) length += 1;
    else if (EXTENDED.has(char)) length += 2;
    else return Number.POSITIVE_INFINITY;
  }
  return length;
}

/** Maps any text to GSM-7: strips accents (é stays, ő→o), common punctuation to ASCII, the rest to '?'. */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text
    .replace(/[‘’‚‛]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')) {
    if (BASIC.has(char) || EXTENDED.has(char)) {
      out += char;
      continue;
    }
    const stripped = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...stripped].every((c) => BASIC.has(c)) && stripped.length > 0 ? stripped : '?';
  }
  // Control characters other than newline would be noise on a phone screen.
  return out.replace(/[\r\f]/g, ' ');
}

/** GSM-7 text cut to one segment, ending with '…' → '...' when it had to be cut. */
export function fitSms(text: string, limit = SMS_SEGMENT_SEPTETS): string {
  const gsm = toGsm7(text);
  if (gsm7Length(gsm) <= limit) return gsm;
  const ellipsis = '...';
  let out = '';
  let used = 0;
  for (const char of gsm) {
    const cost = EXTENDED.has(char) ? 2 : 1;
    if (used + cost > limit - ellipsis.length) break;
    out += char;
    used += cost;
  }
  return `${out.trimEnd()}${ellipsis}`;
}
