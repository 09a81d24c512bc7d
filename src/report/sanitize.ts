// User text (names, owners, reasons) never reaches a terminal or a document as control characters.

/** Replaces C0/C1 control characters (escape sequences, carriage returns, bells) with a visible mark. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD').replace(/\n/g, ' ');
}
