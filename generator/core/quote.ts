/**
 * Quote a user-supplied string (file name, property name, pointer, keyword) for a message:
 * JSON string escapes (no raw newlines or control characters), backticks escaped so the
 * surrounding code span cannot be closed, at most 200 characters, inside backticks.
 */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const escaped = JSON.stringify(shown)
    .slice(1, -1)
    .replace(/`/g, '\\u0060')
    .replace(/[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `\`${escaped}\``;
}
