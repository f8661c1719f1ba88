// Where in a config's text each problem is: `temoin check` names the line and column, and lists the
// problems in the file's order, as an editor reads it (the validator says them field by field).
import { parseTree, type Node } from 'jsonc-parser';
import { lineAndColumn } from './json-error.js';

/**
 * The offset of what a path names (`categories[1].services[0].data`), else of the nearest part of it
 * the text has: a missing field is said at its object. A property is found at its name; a key may
 * hold dots (`strings.fr.group.device`), so the longest key the path goes on with is taken.
 * Undefined when the text has no part of it (a problem that names no path).
 */
export function offsetOf(root: Node, path: string): number | undefined {
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
      .sort((a, b) => key(b).length - key(a).length);
    if (!property) break;
    rest = rest.slice(key(property).length).replace(/^\./, '');
    // The last step stays on the property, whose line starts with its name.
    node = rest ? property.children![1]! : property;
  }
  return rest == path && path ? undefined : node.offset;
}

/**
 * The problems of the config `text` (each starting with the path it is about, as the validator
 * says them), in the text's order, each after its line and column (counting from `firstLine`, for
 * a config written inside a page). A problem about no path of the text stays first.
 */
export function located(text: string, problems: string[], firstLine = 1): string[] {
  const root = parseTree(text);
  if (!root) return problems;
  return problems
    .map((problem) => {
      // The path, before the first space or colon (`categories: a receipt could take…`).
      const offset = offsetOf(root, /^[^\s:]*/.exec(problem)![0]);
      return offset === undefined
        ? { offset: -1, said: problem }
        : { offset, said: `${lineAndColumn(text, offset, firstLine)}: ${problem}` };
    })
    .sort((a, b) => a.offset - b.offset)
    .map(({ said }) => said);
}
