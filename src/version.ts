import { readFileSync } from 'node:fs';

/** salesim's version, from package.json: every run.json starts with it, and merge checks that shards share it. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
