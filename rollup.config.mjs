// Builds the core twice from one source: a classic script for the <head> and an ES module for
// bundlers, plus a development build
// with full messages and one bundled .d.ts. The UI chunks are added by their own entry.
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

/**
 * Collapses the CSS inside sheet(`…`) calls and after a `/* css *\/` mark: comments and white space
 * cost bytes on every page.
 */
const minifyCss = () => ({
  name: 'minify-css',
  transform(code) {
    if (!/sheet\(`|\/\* css \*\/ `/.test(code)) return null;
    return code.replace(/(sheet\(|\/\* css \*\/ )`([^`]*)`/g, (_, before, css) => before + '`' + css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{}:;,>])\s*/g, '$1')
      .replace(/;}/g, '}')
      .trim() + '`');
  },
});

/**
 * Collapses the white space of html`…` templates, found with the TypeScript parser: indentation
 * costs bytes on every page and means nothing to HTML (none of our templates has <pre>).
 */
const minifyTemplates = () => ({
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
    for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
    return { code: out, map: null };
  },
});

const plugins = (dev = false) => [
  minifyCss(),
  minifyTemplates(),
  replace({ preventAssignment: true, values: { DEV_MODE: String(dev) } }),
  nodeResolve(),
  typescript({ compilerOptions: { noEmit: false, declaration: false, noCheck: true }, include: ['src/**/*.ts'], noEmitOnError: true }),
];
const minify = (module, mangleInternals = false) => terser({
  module,
  ecma: 2022,
  compress: { passes: 3, unsafe_arrows: true },
  // Our internals are `_name`; Lit's own are `_$name` and must keep theirs.
  mangle: mangleInternals ? { properties: { regex: /^_[a-zA-Z]/ } } : true,
  // One cache for all chunks of a build: a class in one chunk may extend a class of another, so a
  // mangled name must mean the same property in both (and never two).
  nameCache: mangleInternals ? {} : undefined,
  format: { comments: false },
});

/** The lazily imported chunks, named for what they hold. */
const chunkName = (chunk) => ({ 'write-path': 'decisions', client: 'receipts', expand: 'templates', 'preference-center': 'preferences' })[chunk.name] ?? chunk.name;

export default [
  {
    input: 'src/core/auto.ts',
    output: { file: 'dist/temoin.js', format: 'iife', sourcemap: true, plugins: [minify(false)] },
    plugins: plugins(),
  },
  {
    // The write path the classic script imports on first need, and the receipts chunk it imports
    // in turn, beside it.
    input: 'src/core/write-path.ts',
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist', format: 'es', entryFileNames: 'temoin-decisions.js', chunkFileNames: (c) => `temoin-${chunkName(c)}.js`,
      sourcemap: true, plugins: [minify(true)],
    },
    plugins: plugins(),
  },
  {
    // The UI, with Lit, imported only when a person must see something. One ES module serves
    // the classic script and bundlers alike.
    input: 'src/ui/index.ts',
    // The entry holds what the preference-center chunk shares with it, rather than a third file.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist', format: 'es', entryFileNames: 'temoin-ui.js', chunkFileNames: (c) => `temoin-ui-${chunkName(c)}.js`,
      sourcemap: true, plugins: [minify(true, true)],
    },
    plugins: plugins(),
  },
  {
    // The analysts' dashboard the collector serves at /dashboard: Lit and Chart.js in one module.
    input: 'src/dashboard/index.ts',
    output: { file: 'dist/dashboard/dashboard.js', format: 'es', sourcemap: true, plugins: [minify(true)] },
    plugins: plugins(),
  },
  // Development builds: the same code with full sentences in every message.
  {
    input: 'src/core/auto.ts',
    output: { file: 'dist/temoin.dev.js', format: 'iife', sourcemap: true },
    plugins: plugins(true),
  },
  {
    input: 'src/core/write-path.ts',
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist', format: 'es', entryFileNames: 'temoin-decisions.dev.js', chunkFileNames: (c) => `temoin-${chunkName(c)}.dev.js`,
      sourcemap: true,
    },
    plugins: plugins(true),
  },
  {
    // For bundlers: the write path becomes a chunk they split the same way. The entry may hold
    // the code both share, rather than re-exporting a shared chunk.
    input: 'src/core/index.ts',
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: 'temoin.mjs',
      chunkFileNames: (c) => `temoin-${chunkName(c)}.mjs`,
      sourcemap: true,
      plugins: [minify(true)],
    },
    plugins: plugins(),
  },
  {
    input: 'src/core/index.ts',
    output: { file: 'dist/temoin.d.ts', format: 'es' },
    plugins: [dts()],
  },
];
