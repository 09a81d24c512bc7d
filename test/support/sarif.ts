// The official SARIF 2.1.0 schema as an ajv validator, for tests of SARIF output.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

/** The schema as published (draft-04 style `id` at the root, which ajv 8 calls `$id`). */
function loadSarifSchema(): object {
  const { id, $schema: _draft, ...rest } = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  return { $id: id, ...rest };
}

export function sarifValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(loadSarifSchema());
}
