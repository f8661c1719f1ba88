// Rollup plugins of our own: they take out of the source what costs bytes on every page and means
// nothing to the browser. rollup.config.mjs puts them before the TypeScript plugin.
import ts from 'typescript';

/**
 * Collapses the CSS inside sheet(`…`) calls and after a `/* css *\/` mark: comments and white space
 * cost bytes on every page.
 */
export const minifyCss = () => ({
  name: 'minify-css',
  transform(code) {
    if (!/sheet\(`|\/\* css \*\/ `/.test(code)) return null;
    return code.replace(
      /(sheet\(|\/\* css \*\/ )`([^`]*)`/g,
      (_, before, css) =>
        before +
        '`' +
        css
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{}:;,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim() +
        '`',
    );
  },
});

/**
 * Collapses the white space of html`…` templates, found with the TypeScript parser: indentation
 * costs bytes on every page and means nothing to HTML (none of our templates has <pre>).
 */
export const minifyTemplates = () => ({
  name: 'minify-templates',
  transform(code, id) {
    // The TypeScript plugin hands over compiled code, where a tag may be followed by a space.
    if (!id.endsWith('.ts') || !/\bhtml\s*`/.test(code)) return null;
    const edits = [];
    const visit = (node) => {
      if (ts.isTaggedTemplateExpression(node) && node.tag.getText() == 'html') {
        const t = node.template;
        const pieces = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)];
        pieces.forEach((piece, i) => {
          // The literal's text between its delimiters: ` or } before, ` or ${ after.
          const start = piece.getStart() + 1;
          const end = piece.getEnd() - (i < pieces.length - 1 ? 2 : 1);
          // Between two tags, white space is dropped: our templates only put it between blocks and
          // flex items, where it renders nothing.
          let text = code.slice(start, end).replace(/\s+/g, ' ').replace(/> </g, '><');
          if (i == 0) text = text.trimStart();
          if (i == pieces.length - 1) text = text.trimEnd();
          edits.push([start, end, text]);
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true));
    let out = code;
    for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
      out = out.slice(0, start) + text + out.slice(end);
    return { code: out, map: null };
  },
});

/**
 * Keeps, of the strings pack `input` (`export const fr = { … }`), only the keys `keys` names (`group.*`
 * names every key that starts `group.`): a returning visitor's placeholders download what they say,
 * not the banner's words. A name that matches no key fails the build: a renamed string would
 * otherwise be missing from the placeholders' packs only.
 */
export const pickStrings = (input, keys) => ({
  name: 'pick-strings',
  transform(code, id) {
    if (id != input) return null;
    const matches = (key, name) => (name.endsWith('*') ? key.startsWith(name.slice(0, -1)) : key == name);
    const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
    const pack = source.statements
      .filter(ts.isVariableStatement)
      .flatMap((s) => s.declarationList.declarations)
      .find((d) => d.initializer && ts.isObjectLiteralExpression(d.initializer))?.initializer;
    if (!pack) throw new Error(`pick-strings: ${id} has no object literal of strings`);
    const kept = pack.properties.filter(
      (p) => ts.isPropertyAssignment(p) && keys.some((name) => matches(p.name.text, name)),
    );
    const missing = keys.filter((name) => !kept.some((p) => matches(p.name.text, name)));
    if (missing.length) throw new Error(`pick-strings: ${id} has no string ${missing.join(', ')}`);
    const object = `{ ${kept.map((p) => p.getText()).join(', ')} }`;
    return { code: code.slice(0, pack.getStart()) + object + code.slice(pack.getEnd()), map: null };
  },
});
