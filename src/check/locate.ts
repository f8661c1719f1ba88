// Where in a config's text each problem is: `temoin check` names the line and column, and lists the
// problems in the file's order, as an editor reads it (the validator says them field by field).
import { parseTree, type Node } from 'jsonc-parser';
import { lineAndColumn, type TextStart } from './json-error.js';

/**
 * The offset of what a path names (`categories[1].services[0].data`), else of the nearest part of it
 * the text has: a missing field is said at its object. A property is found at its name; a key may
 * hold dots (`strings.fr.group.device`), so the longest key the path goes on with is taken, and
 * of a key written twice the last, which is the one JSON keeps. A missing field of the config
 * itself (`revision is missing`) is said at its start.
 */
export function offsetOf(root: Node, path: string): number {
  let node = root;
  let rest = path;
  while (rest) {
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (index) {
      const item = node.type == 'array' ? node.children?.[Number(index[1])] : undefined;
      if (!item) break;
      node = item;
      rest = rest.slice(index[0].length);
      continue;
    }
    if (node.type != 'object') break;
    const key = (property: Node) => property.children![0]!.value as string;
    const [property] = (node.children ?? [])
      .filter((p) => rest == key(p) || rest.startsWith(key(p) + '.') || rest.startsWith(key(p) + '['))
      .sort((a, b) => key(b).length - key(a).length || b.offset - a.offset);
    if (!property) break;
    rest = rest.slice(key(property).length).replace(/^\./, '');
    // The last step stays on the property, whose line starts with its name.
    node = rest ? property.children![1]! : property;
  }
  return node.offset;
}

/**
 * The problems of the config `text` (each starting with the path it is about, as the validator
 * says them), in the text's order, each after its line and column (in its file: a config written
 * inside a page starts at `start`).
 */
export function located(text: string, problems: string[], start?: TextStart): string[] {
  const root = parseTree(text);
  if (!root) return problems;
  return problems
    .map((problem) => {
      // The path, before the first space or colon (`categories: a receipt could take…`).
      const offset = offsetOf(root, /^[^\s:]*/.exec(problem)![0]);
      return { offset, said: `${lineAndColumn(text, offset, start)}: ${problem}` };
    })
    .sort((a, b) => a.offset - b.offset)
    .map(({ said }) => said);
}
