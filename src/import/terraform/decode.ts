// Bytes of a Terraform JSON file to a parsed value. PowerShell's `>` writes UTF-16 LE with a BOM;
// editors add a UTF-8 BOM. JSON.parse's own messages quote the input, which may be a secret, so
// errors here say only where and what kind of fault.

export type DecodeOutcome = { ok: true; value: unknown } | { ok: false; message: string };

export function decodeJson(bytes: Uint8Array): DecodeOutcome {
  let text: string;
  try {
    text = decodeText(bytes);
  } catch {
    return { ok: false, message: 'the file is not valid text (UTF-8, or UTF-16 with a byte order mark)' };
  }
  if (text.trim() === '') return { ok: false, message: 'the file is empty: expected the JSON of `terraform show -json` or a terraform.tfstate' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: jsonFault(text, error) };
  }
}

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  // The decoder drops a UTF-8 byte order mark itself.
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function jsonFault(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/end of JSON input|Unterminated string/i.test(message) && !/position/.test(message)) {
    return 'the JSON ends early: the file is truncated (was it written completely?)';
  }
  const position = /position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    if (offset >= text.trimEnd().length) return 'the JSON ends early: the file is truncated (was it written completely?)';
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `the file is not valid JSON (line ${line}, column ${column})`;
  }
  return 'the file is not valid JSON';
}
