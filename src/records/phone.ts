/**
 * Chinese phone numbers as people in Datong write them: mobiles (138 1234 5678, +86 138-1234-5678), landlines
 * with the area code (0352-5022085, 0352 5022085, (0352)5022085) and Datong landlines without it (5022085 →
 * 0352-5022085). Returns the normalised number or null.
 */

/** Normalises a phone number; null when it is not one. */
export function normalisePhone(text: string): string | null {
  const s = text
    .trim()
    .replace(/[（(]/g, '')
    .replace(/[）)]/g, '-')
    .replace(/[\s\u3000]/g, '')
    .replace(/^(\+|00)86-?/, '');
  const digits = s.replace(/-/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  const landline = /^(0\d{2,3})-?(\d{7,8})$/.exec(s) ?? /^(0\d{2,3})(\d{7,8})$/.exec(digits);
  if (landline && !/^1/.test(landline[2] as string)) return `${landline[1]}-${landline[2]}`;
  if (/^[2-9]\d{6}$/.test(digits)) return `0352-${digits}`;
  return null;
}

/** A normalised number as people here write it: mobiles in 3-4-4 groups (139 0000 3333), landlines as kept
 *  (0352-5022085); anything else as given. */
export function displayPhone(normalised: string): string {
  return /^1\d{10}$/.test(normalised)
    ? `${normalised.slice(0, 3)} ${normalised.slice(3, 7)} ${normalised.slice(7)}`
    : normalised;
}
