// `npm run schema`: writes the config's JSON Schema, made from the validator's rules, to
// src/core/config.schema.json (published as temoin/schema/config.json). Needs `npm run build`.
import { writeFile } from 'node:fs/promises';

const { configSchema } = await import('../dist/node/src/check/config-schema.js');
const target = new URL('../src/core/config.schema.json', import.meta.url);
await writeFile(target, JSON.stringify(configSchema(), null, 2) + '\n');
console.log(`wrote ${target.pathname}`);
