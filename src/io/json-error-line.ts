/**
 * Where a JSON text first goes wrong, as a 1-based line, for error messages. V8's JSON.parse messages do not
 * always carry a position, so this walks the text with a small tokenizer and a bracket stack. Only called
 * after JSON.parse has failed; returns null if it finds nothing wrong.
 */
export function jsonErrorLine(text: string): number | null {
  const offset = jsonErrorOffset(text);
  return offset === null ? null : text.slice(0, offset).split('\n').length;
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

function jsonErrorOffset(text: string): number | null {
  const stack: string[] = [];
  let expect = 'value' as 'value' | 'key' | 'colon' | 'next' | 'end';
  let i = 0;
  const afterValue = () => {
    expect = stack.length === 0 ? 'end' : 'next';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
      i++;
      continue;
    }
    if (expect === 'end') return i;
    if (expect === 'colon') {
      if (ch !== ':') return i;
      expect = 'value';
      i++;
      continue;
    }
    if (expect === 'next') {
      const top = stack[stack.length - 1];
      if (ch === ',') {
        expect = top === '{' ? 'key' : 'value';
        i++;
        continue;
      }
      if ((ch === '}' && top === '{') || (ch === ']' && top === '[')) {
        stack.pop();
        i++;
        afterValue();
        continue;
      }
      return i;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n') return j;
        j++;
      }
      if (j >= text.length) return i;
      i = j + 1;
      if (expect === 'key') expect = 'colon';
      else afterValue();
      continue;
    }
    if (expect === 'key') {
      if (ch === '}' && stack[stack.length - 1] === '{' && /\{\s*$/.test(text.slice(0, i))) {
        stack.pop();
        i++;
        afterValue();
        continue;
      }
      return i;
    }
    // expect === 'value'
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      i++;
      expect = ch === '{' ? 'key' : 'value';
      continue;
    }
    if (ch === ']' && stack[stack.length - 1] === '[' && /\[\s*$/.test(text.slice(0, i))) {
      stack.pop();
      i++;
      afterValue();
      continue;
    }
    const literal = LITERAL.exec(text.slice(i, i + 64));
    if (!literal) return i;
    i += literal[0].length;
    afterValue();
  }
  return expect === 'end' ? null : text.length;
}
