// The Rollup configs, generated from the build table in scripts/builds.mjs: each build in
// production (minified, DEV_MODE = false) and, where the table says so, in development.
import { resolve } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { builds, devName } from './scripts/builds.mjs';
import { checkVersion } from './scripts/check-version.mjs';
import { minifyCss, minifyTemplates, pickStrings } from './scripts/rollup-plugins.mjs';

const CHECK_VERSION = checkVersion();

const compile = (dev, build) => [
  ...(build.pick ? [pickStrings(resolve(build.input), build.pick)] : []),
  minifyCss(),
  minifyTemplates(),
  replace({ preventAssignment: true, values: { DEV_MODE: String(dev), CHECK_VERSION } }),
  nodeResolve(),
  typescript({
    compilerOptions: { noEmit: false, declaration: false, noCheck: true },
    include: ['src/**/*.ts'],
    noEmitOnError: true,
  }),
];

const minify = (module, mangleInternals = false) =>
  terser({
    module,
    ecma: 2022,
    compress: { passes: 3, unsafe_arrows: true },
    // Our internals are `_name`; Lit's own are `_$name` and must keep theirs. Terser keeps a chunk's
    // own public names from being made, not another chunk's: `t`, every element's translator, is
    // one letter, the first made; an internal first named in a chunk that never reads `.t` (the
    // cookie declaration's `_off`) must not become it in one that does (the consent id's).
    mangle: mangleInternals ? { properties: { regex: /^_[a-zA-Z]/, reserved: ['t'] } } : true,
    // One cache for all chunks of a build: a class in one chunk may extend a class of another, so a
    // mangled name must mean the same property in both (and never two).
    nameCache: mangleInternals ? {} : undefined,
    format: { comments: false },
  });

/**
 * Names a lazily imported chunk by the key its module has in the build's `chunks`. Rollup gives a
 * dynamically imported chunk no facade module, so the declared module is looked for among those the
 * chunk holds. A chunk holding none, or two, fails the build rather than be published under a name
 * nobody chose.
 */
const chunkNamer = (build, dev) => {
  const declared = Object.entries(build.chunks ?? {}).map(([name, chunk]) => [resolve(chunk.input), name]);
  return (chunk) => {
    const names = declared.filter(([id]) => chunk.moduleIds.includes(id)).map(([, name]) => name);
    if (names.length != 1) {
      throw new Error(
        `${build.name}: the chunk of ${chunk.moduleIds.join(', ')} needs one name in scripts/builds.mjs, it has ${names.length}`,
      );
    }
    const file = build.chunkFiles.replace('[name]', names[0]);
    return dev ? devName(file) : file;
  };
};

/**
 * Writes dist/check-version.json beside the core: `temoin check --seal` seals a config for the
 * browser files of its own package, under their validation sources.
 */
const checkVersionFile = () => ({
  name: 'check-version',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'check-version.json',
      source: JSON.stringify({ checkVersion: JSON.parse(CHECK_VERSION) }) + '\n',
    });
  },
});

const rollupConfig = (build, dev) => {
  if (build.format == 'dts')
    return { input: build.input, output: { file: `dist/${build.file}`, format: 'es' }, plugins: [dts()] };
  return {
    input: build.input,
    // The entry may hold the code it shares with its chunks, rather than re-export a shared chunk.
    preserveEntrySignatures: build.chunks ? 'allow-extension' : undefined,
    output: {
      dir: 'dist',
      format: build.format,
      entryFileNames: dev ? devName(build.file) : build.file,
      chunkFileNames: chunkNamer(build, dev),
      sourcemap: true,
      plugins: dev ? [] : [minify(build.format == 'es', build.mangleInternals)],
    },
    plugins: [...compile(dev, build), ...(build.name == 'core' && !dev ? [checkVersionFile()] : [])],
  };
};

export default [
  ...builds.map((build) => rollupConfig(build, false)),
  ...builds.filter((build) => build.dev).map((build) => rollupConfig(build, true)),
];
