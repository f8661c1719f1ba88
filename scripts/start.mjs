// `npm start`: builds what is missing or older than its sources, then serves the demo.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) =>
  readdirSync(dir, { recursive: true })
    .map((f) => {
      try {
        return statSync(join(dir, String(f))).mtimeMs;
      } catch {
        return 0;
      }
    })
    .reduce((a, b) => Math.max(a, b), 0);
const builtAt = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

const outputs = [
  'dist/temoin.js',
  'dist/temoin-ui.js',
  'dist/temoin-ui-preferences.js',
  'dist/temoin-ui-placeholders-fr.js',
  'dist/temoin-decisions.js',
  'dist/dashboard/dashboard.js',
  'dist/node/src/collector/server.js',
];
const sources = Math.max(
  newest('src'),
  // The build table and our Rollup plugins.
  newest('scripts'),
  builtAt('rollup.config.mjs'),
  builtAt('package.json'),
  builtAt('tsconfig.json'),
  builtAt('tsconfig.node.json'),
);
if (outputs.some((f) => builtAt(f) < sources)) {
  console.log('Building (about a minute the first time)…');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('../demo/serve.mjs');
