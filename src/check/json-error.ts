// Where JSON text goes wrong. V8's messages give a position for some errors and only a snippet
// for others ("Unexpected token '}', …"), so an editor would not know which line to fix. This
// scanner follows JSON's grammar just far enough to find the first offending character.

class Offending extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at ${offset}`);
  }
}

/** The offset of the first character that makes `text` invalid JSON, or -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (/[ \t\n\r]/.test(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw new Offending(i);
  };
  const expect = (c: string) => (text[i] == c ? i++ : fail());
  const string = () => {
    expect('"');
    while (text[i] != '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      if (text[i] == '\\') {
        i++;
        if (text[i] == 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) {
          fail();
        }
      }
      i++;
    }
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c == '{' || c == '[') {
      const close = c == '{' ? '}' : ']';
      i++;
      space();
      if (text[i] == close) {
        i++;
        return;
      }
      for (;;) {
        if (close == '}') {
          space();
          string();
          space();
          expect(':');
        }
        value();
        space();
        if (text[i] == close) {
          i++;
          return;
        }
        expect(',');
      }
    }
    if (c == '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i))?.[0];
    if (!literal) fail();
    i += literal!.length;
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return -1;
  } catch (e) {
    if (e instanceof Offending) return e.offset;
    throw e;
  }
}

/** Where a text starts in its file: a config inside a page starts where its attribute's value or its script's text does. */
export interface TextStart {
  line: number;
  column: number;
}

/** Where an offset of a text that starts at `start` in its file is in that file. */
export function positionOf(text: string, offset: number, start: TextStart = { line: 1, column: 1 }): TextStart {
  const before = text.slice(0, offset);
  const lines = before.split('\n').length;
  return {
    line: lines + start.line - 1,
    column: offset - before.lastIndexOf('\n') + (lines == 1 ? start.column - 1 : 0),
  };
}

/** "line L, column C" of an offset of a text that starts at `start` in its file. */
export function lineAndColumn(text: string, offset: number, start?: TextStart): string {
  const { line, column } = positionOf(text, offset, start);
  return `line ${line}, column ${column}`;
}
