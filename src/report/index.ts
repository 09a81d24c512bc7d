// Formatters of `check` results, by name. The CLI's --format choices come from these keys.
import { formatJson } from './json.js';
import { formatText } from './text.js';
import type { Formatter } from './types.js';

export const CHECK_FORMATS = {
  text: formatText,
  json: formatJson,
} satisfies Record<string, Formatter>;

export type CheckFormat = keyof typeof CHECK_FORMATS;
