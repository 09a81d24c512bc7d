// Input bytes to text: strict UTF-8, and none of the control characters YAML forbids.
import { DEFAULT_LIMITS, formatBytes, type InputLimits } from './limits.js';
import type { Problem } from './problem.js';
import type { Position } from './types.js';

export type DecodeResult = { ok: true; text: string } | { ok: false; problem: Problem };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** `bytes` may stop one byte past `maxFileBytes` (the reader stops there): the file is at least that large. */
export function decodeInput(bytes: Uint8Array, file: string, limits: Pick<InputLimits, 'maxFileBytes'> = DEFAULT_LIMITS): DecodeResult {
  const start = { file, line: 1, column: 1 };
  const { maxFileBytes } = limits;
  if (bytes.length > maxFileBytes) {
    return {
      ok: false,
      problem: {
        pos: start,
        message: `the input is more than the limit of ${formatBytes(maxFileBytes)} (--max-input-bytes); an inventory of 100,000 entities is about 9 MiB`,
      },
    };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    return {
      ok: false,
      problem: {
        pos: positionIn(before, before.length, file),
        message: `the file is not valid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset}); save it as UTF-8`,
      },
    };
  }
  // YAML allows tab, line feed and carriage return among the C0 controls, and not DEL.
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return {
      ok: false,
      problem: { pos: positionIn(text, control.index, file), message: `control character U+${code} is not allowed in YAML` },
    };
  }
  return { ok: true, text };
}

/** 1-based line and column of a string offset. */
export function positionIn(text: string, offset: number, file: string): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong three-byte forms, surrogates, and code points above U+10FFFF.
    const c1 = bytes[i + 1]!;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length;
}
