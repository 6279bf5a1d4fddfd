/**
 * One-time enrolment codes: 12 characters of Crockford's base32 (no I, L, O, U: nothing to misread on a phone
 * screen or over the phone), shown as ABCD-EFGH-JKMN, 60 bits. Only the SHA-256 of the normalised code is
 * stored; typing is forgiving (lower case, spaces, dashes, O for 0, I/L for 1).
 * Alphabet: https://www.crockford.com/base32.html
 */
import { createHash, randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new random code, grouped by four. */
export function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += ALPHABET[randomInt(32)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** The code as typed, normalised (null when it cannot be one). */
export function normaliseCode(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain) ? plain : null;
}

/** What the database keeps of a code. */
export function codeHash(typed: string): string | null {
  const plain = normaliseCode(typed);
  return plain && createHash('sha256').update(plain).digest('hex');
}
