// Validates parsed YAML against a JSON Schema and turns every ajv error into a located sentence.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PRECOMPILED_VALIDATORS } from '../generated/index.js';
import type { Problem } from './problem.js';
import { closest } from '../util/suggest.js';
import type { PathSegment, YamlSource } from './yamlSource.js';

const compiled = new WeakMap<object, ValidateFunction>();
/** Validators compiled ahead of time, by schema $id: the ones always loaded, and those loaded since (registerValidator). */
const precompiled = new Map(PRECOMPILED_VALIDATORS);

/** A validator compiled ahead of time and loaded when needed, for the schema with this $id. */
export function registerValidator(schemaId: string, validate: ValidateFunction): void {
  precompiled.set(schemaId, validate);
}

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema) ?? precompiled.get((schema as { $id?: string }).$id ?? '');
  if (!validate) {
    // Schemas without a validator compiled ahead of time (e.g. waiver files) are compiled once here;
    // only they load ajv's compiler, a large share of start-up otherwise.
    const require = createRequire(import.meta.url);
    const { Ajv } = require('ajv') as typeof import('ajv');
    const addFormats = require('ajv-formats') as typeof import('ajv-formats');
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    addFormats.default(ajv, ['date', 'uri']);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * "Did you mean" costs an edit distance per known word: it is offered for the first this many
 * errors, and for words no longer than MAX_SUGGESTED_LENGTH (a file with a million unknown keys, or
 * megabyte-long ones, would otherwise spend most of a minute on suggestions nobody reads).
 */
const MAX_SUGGESTED_ERRORS = 1000;
const MAX_SUGGESTED_LENGTH = 64;

function suggest(word: string, known: readonly string[], index: number): string | undefined {
  return index < MAX_SUGGESTED_ERRORS && word.length <= MAX_SUGGESTED_LENGTH ? closest(word, known) : undefined;
}

export function validateAgainstSchema(schema: object, source: YamlSource): Problem[] {
  const validate = validatorFor(schema);
  if (validate(source.data)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames' && e.keyword !== 'if');
  // `knd: cloud` gives "unknown key 'knd' (did you mean 'kind'?)"; "missing 'kind'" would only repeat it.
  const misspelt = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e, i) => {
        const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
        return `${e.instancePath}\u0000${suggest(String((e.params as Record<string, unknown>).additionalProperty), known, i)}`;
      }),
  );
  return errors
    .filter((e) => !(e.keyword === 'required' && misspelt.has(`${e.instancePath}\u0000${String((e.params as Record<string, unknown>).missingProperty)}`)))
    .map((e, i) => toProblem(e, source, i));
}

function pathOf(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** `stores.customer-db.rpo`, or `the inventory` at the top. */
function describePath(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the inventory';
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const s of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[s];
  }
  return value;
}

function toProblem(e: ErrorObject, source: YamlSource, index: number): Problem {
  const path = pathOf(e.instancePath);
  const where = describePath(path);
  const value = valueAt(source.data, path);
  const params = e.params as Record<string, unknown>;

  if (e.propertyName !== undefined) {
    return {
      pos: source.locateKey([...path, e.propertyName]),
      message: `${where}: '${e.propertyName}' is not a valid id: ids start with a lowercase letter or digit and use only a-z, 0-9, '.', '_' and '-'`,
    };
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const match = suggest(key, known, index);
      const hint = match ? ` (did you mean '${match}'?)` : known.length ? `; expected one of: ${known.join(', ')}` : '';
      return { pos: source.locateKey([...path, key]), message: `${where}: unknown key '${key}'${hint}` };
    }
    case 'required':
      return {
        pos: path.length ? source.locateKey(path) : source.locate(path),
        message: `${where}: missing required key '${String(params.missingProperty)}'`,
      };
    case 'type': {
      const wanted = String(params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ');
      return { pos: source.locate(path), message: `${where}: must be ${wanted}, not ${typeName(value)}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof value === 'string' ? didYouMeanValue(value, allowed, index) : '';
      return {
        pos: source.locate(path),
        message: `${where}: must be one of ${allowed.join(', ')}, not ${typeName(value)}${hint}`,
      };
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version') {
        return {
          pos: source.locate(path),
          message:
            typeof value === 'string' && value.trim() === String(params.allowedValue)
              ? `version must be the number ${String(params.allowedValue)}, not the text ${JSON.stringify(value)} (remove the quotes)`
              : `unsupported inventory format version ${typeof value === 'number' ? value : typeName(value)}: this bcaudit reads version ${String(params.allowedValue)}`,
        };
      }
      return { pos: source.locate(path), message: `${where}: must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { pos: source.locate(path), message: `${where}: ${patternMessage(e.schemaPath, value)}` };
    case 'format':
      return {
        pos: source.locate(path),
        message:
          params.format === 'date'
            ? `${where}: must be a real ISO 8601 date such as 2026-09-01, not ${typeName(value)}`
            : `${where}: must be a valid ${String(params.format)}, not ${typeName(value)}`,
      };
    case 'not':
      if (path[0] === 'accounts' && path.length === 2 && typeof value === 'object' && value !== null && 'aws' in value && 's3' in value) {
        return {
          pos: source.locateKey([...path, 's3']),
          message: `${where}: has both aws and s3: an account is either an AWS account (aws:) or one at an S3-compatible provider (s3:), not both`,
        };
      }
      return { pos: source.locate(path), message: `${where}: ${e.message ?? 'is invalid'}` };
    default:
      return { pos: source.locate(path), message: `${where}: ${e.message ?? 'is invalid'}` };
  }
}

function didYouMeanValue(value: string, allowed: string[], index: number): string {
  const match = suggest(value, allowed, index);
  return match ? ` (did you mean '${match}'?)` : '';
}

function patternMessage(schemaPath: string, value: unknown): string {
  if (schemaPath.includes('duration')) {
    return `must be a duration such as 30m, 6h, 1d, 2w, 90d or 1y, not ${typeName(value)}`;
  }
  if (schemaPath.includes('host_key')) {
    return `must be an OpenSSH SHA256 fingerprint such as SHA256:abc… (ssh-keygen -lf), not ${typeName(value)}`;
  }
  return `${typeName(value)} is not a valid id: ids start with a lowercase letter or digit and use only a-z, 0-9, '.', '_' and '-'`;
}
