// Writes the editor schemas of scenario files from the zod schemas (over dist/:
// `npm run schema` builds first). test/scenario/json-schema.test.ts fails when
// the committed files differ from what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { scenarioJsonSchemas, schemaText } from '../dist/sales/json-schema.js';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
const { scenario, overlay } = scenarioJsonSchemas();
writeFileSync(new URL('scenario.schema.json', dir), schemaText(scenario));
writeFileSync(new URL('scenario-overlay.schema.json', dir), schemaText(overlay));
console.log('wrote schema/scenario.schema.json, schema/scenario-overlay.schema.json');
