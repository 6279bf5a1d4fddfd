/**
 * How well a typed query matches one place name: exact, prefix, contained, or one character off (华言寺 →
 * 华严寺, 大铜站 → 大同站), in characters or in pinyin. Each check is O(query × name), so a search is linear in
 * the gazetteer's size. The one-typo substring check is Sellers' approximate string matching (P. H. Sellers,
 * "The theory and computation of evolutionary distances", J. Algorithms 1, 1980): edit distance with a free
 * start and end in the text.
 */

/** What kind of match it was (the UI may say "可能是" for a typo). */
export type MatchKind = 'exact' | 'prefix' | 'contains' | 'typo';

/** A match with its score (higher is better; 0 = no match). */
export interface NameMatch {
  kind: MatchKind;
  score: number;
}

/** True when a and b differ by at most one insertion, deletion or substitution (code points). */
export function withinOneEdit(a: readonly string[], b: readonly string[]): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** True when some substring of `text` is within one edit of `query` (Sellers' algorithm, k = 1). */
export function containsWithinOneEdit(query: readonly string[], text: readonly string[]): boolean {
  const m = query.length;
  if (m <= 1) return true;
  let previous = Array.from({ length: m + 1 }, (_, i) => i);
  let current = new Array<number>(m + 1).fill(0);
  for (const c of text) {
    current[0] = 0;
    for (let i = 1; i <= m; i++)
      current[i] = Math.min(
        (previous[i - 1] as number) + (query[i - 1] === c ? 0 : 1),
        (previous[i] as number) + 1,
        (current[i - 1] as number) + 1,
      );
    if ((current[m] as number) <= 1) return true;
    [previous, current] = [current, previous];
  }
  return false;
}

/** Shorter names rank above longer ones within a tier (大同站 above 大同站前街 for 大同站). */
const lengthPenalty = (name: number, query: number) => Math.min(9, Math.max(0, name - query)) * 0.5;

/** Chinese query against a Chinese name. A typo is only tolerated from three characters on: one wrong
 *  character in two would match half the gazetteer. */
export function matchChinese(query: string, name: string): NameMatch | null {
  const q = [...query];
  const n = [...name];
  const penalty = lengthPenalty(n.length, q.length);
  if (name === query) return { kind: 'exact', score: 100 };
  if (name.startsWith(query)) return { kind: 'prefix', score: 90 - penalty };
  if (name.includes(query)) return { kind: 'contains', score: 80 - penalty };
  if (q.length < 3) return null;
  if (withinOneEdit(q, n)) return { kind: 'typo', score: 60 };
  if (containsWithinOneEdit(q, n)) return { kind: 'typo', score: 50 - penalty };
  return null;
}

/** A Latin query ("huayansi", "hys", "hua yan si") against a name's pinyin, initials and English name. Typos
 *  in pinyin are tolerated from five letters on. */
export function matchLatin(
  query: string,
  romanised: { pinyin: string; initials: string; nameEn: string },
): NameMatch | null {
  const q = query.toLowerCase().replace(/[\s'’·-]+/g, '');
  if (q === '') return null;
  const { pinyin, initials } = romanised;
  const penalty = lengthPenalty(initials.length, q.length);
  if (pinyin !== '' && pinyin === q) return { kind: 'exact', score: 95 };
  if (initials !== '' && initials === q) return { kind: 'exact', score: 92 };
  if (pinyin.startsWith(q)) return { kind: 'prefix', score: 85 - penalty };
  if (q.length >= 2 && initials.startsWith(q)) return { kind: 'prefix', score: 75 - penalty };
  if (q.length >= 3 && pinyin.includes(q)) return { kind: 'contains', score: 65 - penalty };
  const english = romanised.nameEn.toLowerCase();
  if (q.length >= 3 && english.replace(/[\s'’·-]+/g, '').includes(q)) return { kind: 'contains', score: 60 - penalty };
  if (q.length < 5) return null;
  const qs = [...q];
  if (withinOneEdit(qs, [...pinyin])) return { kind: 'typo', score: 45 };
  if (containsWithinOneEdit(qs, [...pinyin])) return { kind: 'typo', score: 40 - penalty };
  return null;
}
