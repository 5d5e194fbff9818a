import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioJsonSchemas } from '../../src/sales/json-schema.js';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

describe('the calibrated overlay in an editor', () => {
  it('passes the overlay JSON Schema (schema/scenario-overlay.schema.json), null removals included', async () => {
    const dir = tempDir();
    const r = await cli(['calibrate', join(ROOT, 'examples/activity-log.csv'), '--scenario', join(ROOT, 'scenarios/outside-in.yaml'), '--out', join(dir, 'cal'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addVocabulary(['errorMessage']);
    const validate = ajv.compile(scenarioJsonSchemas().overlay);
    const doc = parse(readFileSync(join(dir, 'cal/calibrated.yaml'), 'utf8'));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});
