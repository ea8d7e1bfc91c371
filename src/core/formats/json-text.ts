// Reading a JSON file's text safely: BOM, size limit, and a syntax error that says where.
import { fail, ok, type ParseResult } from './result';

/** Larger texts are refused before parsing: 200 MB of text. */
export const MAX_IMPORT_CHARS = 200 * 1024 * 1024;

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** JSON.parse that never throws: the error names the line, column and offset of the problem. */
export function parseJsonText(rawText: string): ParseResult<unknown> {
  const text = stripBom(rawText);
  if (text.length > MAX_IMPORT_CHARS) {
    return fail(`file too large: ${Math.round(text.length / 1048576)} MB of text; the limit is 200 MB`);
  }
  if (text.trim() === '') return fail('not valid JSON: the file is empty');
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const at = locateJsonError(text);
    const where = at === null ? '' : ` (line ${at.line}, column ${at.column}, offset ${at.offset})`;
    return fail(`not valid JSON: ${shorten(reason, 160)}${where}`);
  }
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Finds where a JSON text first goes wrong, without recursion (so 100k-deep nesting is fine).
 * V8's own message does not always carry a position, hence this scanner; it runs only on failure.
 */
export function locateJsonError(text: string): { offset: number; line: number; column: number } | null {
  const n = text.length;
  let i = 0;
  // Stack of open containers: '[' or '{'.
  const stack: string[] = [];
  // What the scanner expects next.
  type Want = 'value' | 'value-or-close' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' | 'end';
  let want = 'value' as Want;
  const ws = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const at = (offset: number) => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < offset && k < n; k++) {
      if (text.charCodeAt(k) === 0x0a) {
        line++;
        col = 1;
      } else col++;
    }
    return { offset, line, column: col };
  };
  const scanString = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const afterValue = () => {
    want = stack.length === 0 ? 'end' : 'comma-or-close';
  };
  while (true) {
    while (i < n && ws(text.charCodeAt(i))) i++;
    if (i >= n) return want === 'end' ? null : at(n);
    const ch = text[i]!;
    switch (want) {
      case 'end':
        return at(i);
      case 'colon':
        if (ch !== ':') return at(i);
        i++;
        want = 'value';
        break;
      case 'comma-or-close': {
        const top = stack[stack.length - 1];
        if (ch === ',') {
          i++;
          want = top === '{' ? 'key' : 'value';
        } else if ((ch === ']' && top === '[') || (ch === '}' && top === '{')) {
          i++;
          stack.pop();
          afterValue();
        } else return at(i);
        break;
      }
      case 'key':
      case 'key-or-close':
        if (ch === '}' && want === 'key-or-close') {
          i++;
          stack.pop();
          afterValue();
        } else if (ch === '"') {
          const start = i;
          if (!scanString()) return at(Math.min(i, n) === n ? n : start);
          want = 'colon';
        } else return at(i);
        break;
      case 'value':
      case 'value-or-close': {
        if (ch === ']' && want === 'value-or-close') {
          i++;
          stack.pop();
          afterValue();
        } else if (ch === '{') {
          i++;
          stack.push('{');
          want = 'key-or-close';
        } else if (ch === '[') {
          i++;
          stack.push('[');
          want = 'value-or-close';
        } else if (ch === '"') {
          if (!scanString()) return at(Math.min(i, n));
          afterValue();
        } else {
          const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
          if (!m) return at(i);
          i += m[0].length;
          afterValue();
        }
        break;
      }
    }
  }
}

/** "annotations[3].quote.exact" from a path of keys and indices. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(root)';
}
