// Builds the core twice from one source: a classic script for the <head> and an ES module for
// bundlers, plus a development build
// with full messages and one bundled .d.ts. The UI chunks are added by their own entry.
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

/** Collapses the CSS inside sheet(`…`) calls: comments and white space cost bytes on every page. */
const minifyCss = () => ({
  name: 'minify-css',
  transform(code, id) {
    if (!id.includes('/src/ui/') || !code.includes('sheet(`')) return null;
    return code.replace(/sheet\(`([^`]*)`\)/g, (_, css) => 'sheet(`' + css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{}:;,>])\s*/g, '$1')
      .replace(/;}/g, '}')
      .trim() + '`)');
  },
});

const plugins = (dev = false) => [
  minifyCss(),
  replace({ preventAssignment: true, values: { DEV_MODE: String(dev) } }),
  nodeResolve(),
  typescript({ compilerOptions: { noEmit: false, declaration: false }, include: ['src/**/*.ts'], noEmitOnError: true }),
];
const minify = (module, mangleInternals = false) => terser({
  module,
  ecma: 2022,
  compress: { passes: 3, unsafe_arrows: true },
  // Our internals are `_name`; Lit's own are `_$name` and must keep theirs.
  mangle: mangleInternals ? { properties: { regex: /^_[a-zA-Z]/ } } : true,
  format: { comments: false },
});

/** The lazily imported chunks, named for what they hold. */
const chunkName = (chunk) => ({ client: 'receipts', expand: 'templates' })[chunk.name] ?? chunk.name;

export default [
  {
    input: 'src/core/auto.ts',
    output: { file: 'dist/temoin.js', format: 'iife', sourcemap: true, plugins: [minify(false)] },
    plugins: plugins(),
  },
  {
    // The write path the classic script imports on first need, and the receipts chunk it imports
    // in turn, beside it.
    input: 'src/core/decisions.ts',
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
    output: { file: 'dist/temoin-ui.js', format: 'es', sourcemap: true, plugins: [minify(true, true)] },
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
    input: 'src/core/decisions.ts',
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
