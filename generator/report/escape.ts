/**
 * Characters that must not reach a terminal or a log raw: C0/C1 controls (ANSI escapes,
 * carriage returns that overwrite lines), line/paragraph separators and bidirectional
 * overrides (Trojan Source). Diagnostics carry text from untrusted schemas.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replace unsafe characters with visible `\uXXXX` escapes. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
