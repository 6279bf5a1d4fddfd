/**
 * Where a JSON text first goes wrong, as a 1-based line, for error messages. V8's JSON.parse messages do not
 * always carry a position, so this walks the text once with a small tokenizer and a bracket stack, counting
 * lines as it goes: time linear in the text (it used to re-scan the text before every closing bracket, which
 * took > 20 s on a 300 KB file). Only called after JSON.parse has failed; returns null if it finds nothing
 * wrong.
 */
export function jsonErrorLine(text: string): number | null {
  const offset = jsonErrorOffset(text);
  if (offset === null) return null;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A JSON literal at the sticky position (true, false, null or a number). */
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function jsonErrorOffset(text: string): number | null {
  const stack: number[] = [];
  let expect = 'value' as 'value' | 'key' | 'colon' | 'next' | 'end';
  /** The previous token opened a container: `}` / `]` may close it at once. */
  let justOpened = false;
  let i = 0;
  const afterValue = () => {
    expect = stack.length === 0 ? 'end' : 'next';
    justOpened = false;
  };
  const OPEN_OBJECT = 123; // {
  const OPEN_ARRAY = 91; // [
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 10 || ch === 13 || ch === 9) {
      i++;
      continue;
    }
    if (expect === 'end') return i;
    if (expect === 'colon') {
      if (ch !== 58) return i;
      expect = 'value';
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (expect === 'next') {
      if (ch === 44) {
        expect = top === OPEN_OBJECT ? 'key' : 'value';
        i++;
        continue;
      }
      if ((ch === 125 && top === OPEN_OBJECT) || (ch === 93 && top === OPEN_ARRAY)) {
        stack.pop();
        i++;
        afterValue();
        continue;
      }
      return i;
    }
    if (ch === 34) {
      let j = i + 1;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === 34) break;
        if (c === 92) j++;
        else if (c === 10) return j;
        j++;
      }
      if (j >= text.length) return i;
      i = j + 1;
      if (expect === 'key') {
        expect = 'colon';
        justOpened = false;
      } else afterValue();
      continue;
    }
    if (expect === 'key') {
      if (ch === 125 && top === OPEN_OBJECT && justOpened) {
        stack.pop();
        i++;
        afterValue();
        continue;
      }
      return i;
    }
    // expect === 'value'
    if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      stack.push(ch);
      i++;
      expect = ch === OPEN_OBJECT ? 'key' : 'value';
      justOpened = true;
      continue;
    }
    if (ch === 93 && top === OPEN_ARRAY && justOpened) {
      stack.pop();
      i++;
      afterValue();
      continue;
    }
    LITERAL.lastIndex = i;
    const literal = LITERAL.exec(text);
    if (!literal) return i;
    i += literal[0].length;
    afterValue();
  }
  return expect === 'end' ? null : text.length;
}
