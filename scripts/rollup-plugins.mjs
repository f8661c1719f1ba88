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
