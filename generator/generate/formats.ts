/**
 * String formats for precompiled validators, chosen so the generated modules need no runtime
 * dependency: regex formats are inlined by ajv as literals, and the few formats that need code
 * are written here as self-contained function *source* (the same text lands in every generated
 * module, whatever compiled this file). Semantics follow ajv-formats' full mode, except `uri`,
 * which uses its fast-mode regex.
 */
import formatsModule from 'ajv-formats/dist/formats.js';

const DATE_FN = `function date(str) {
  const m = /^(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)$/.exec(str);
  if (!m) return false;
  const year = +m[1], month = +m[2], day = +m[3];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const max = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= max;
}`;

const TIME_FN = (strict: boolean): string => `function time(str) {
  const m = /^(\\d\\d):(\\d\\d):(\\d\\d(?:\\.\\d+)?)(z|([+-])(\\d\\d)(?::?(\\d\\d))?)?$/i.exec(str);
  if (!m) return false;
  const hr = +m[1], min = +m[2], sec = +m[3], tz = m[4];
  const sign = m[5] === "-" ? -1 : 1, tzH = +(m[6] || 0), tzM = +(m[7] || 0);
  if (tzH > 23 || tzM > 59${strict ? ' || !tz' : ''}) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * sign, utcHr = hr - tzH * sign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}`;

// The common shape — YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm), as every producer writes it — is checked
// first without allocating (the general path below splits and runs two regexes: ~10× slower). The fast path only
// ever answers "valid" for strings the general path also accepts; anything else (other shapes, out-of-range values,
// leap seconds) is decided by the general path, so the semantics are exactly ajv-formats' full mode.
const DATE_TIME_FN = (strict: boolean): string => `function dateTime(str) {
  const n = str.length;
  fast: if (n >= 20 && n <= 40) {
    for (let i = 0; i < 19; i++) {
      const c = str.charCodeAt(i);
      if (i === 4 || i === 7) { if (c !== 45) break fast; }
      else if (i === 10) { if (c !== 84 && c !== 116) break fast; }
      else if (i === 13 || i === 16) { if (c !== 58) break fast; }
      else if (c < 48 || c > 57) break fast;
    }
    let i = 19;
    if (str.charCodeAt(i) === 46) {
      i++;
      const start = i;
      while (i < n && str.charCodeAt(i) >= 48 && str.charCodeAt(i) <= 57) i++;
      if (i === start) break fast;
    }
    const z = str.charCodeAt(i);
    if (z === 90 || z === 122) {
      if (i + 1 !== n) break fast;
    } else if (z === 43 || z === 45) {
      if (i + 6 !== n || str.charCodeAt(i + 3) !== 58) break fast;
      const h1 = str.charCodeAt(i + 1) - 48, h2 = str.charCodeAt(i + 2) - 48;
      const m1 = str.charCodeAt(i + 4) - 48, m2 = str.charCodeAt(i + 5) - 48;
      if (h1 < 0 || h1 > 2 || h2 < 0 || h2 > 9 || h1 * 10 + h2 > 23 || m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9) break fast;
    } else break fast;
    const year =
      (str.charCodeAt(0) - 48) * 1000 + (str.charCodeAt(1) - 48) * 100 + (str.charCodeAt(2) - 48) * 10 + (str.charCodeAt(3) - 48);
    const month = (str.charCodeAt(5) - 48) * 10 + (str.charCodeAt(6) - 48);
    const day = (str.charCodeAt(8) - 48) * 10 + (str.charCodeAt(9) - 48);
    if ((str.charCodeAt(11) - 48) * 10 + (str.charCodeAt(12) - 48) > 23 || (str.charCodeAt(14) - 48) > 5 || (str.charCodeAt(17) - 48) > 5 || month < 1 || month > 12 || day < 1) break fast;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)) return true;
  }
  const parts = str.split(/t|\\s/i);
  return parts.length === 2 && (${DATE_FN})(parts[0]) && (${TIME_FN(strict)})(parts[1]);
}`;

/** Formats implemented as functions: name → function source. */
export const FUNCTION_FORMATS: Readonly<Record<string, string>> = {
  date: DATE_FN,
  time: TIME_FN(true),
  'date-time': DATE_TIME_FN(true),
  'iso-time': TIME_FN(false),
  'iso-date-time': DATE_TIME_FN(false),
  regex: `function regex(str) {
  if (/[^\\\\]\\\\Z/.test(str)) return false;
  try { new RegExp(str, "u"); return true; } catch (e) { return false; }
}`,
  byte: `function byte(str) {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(str);
}`,
};

/** Formats implemented as regexes (inlined into generated code by ajv). */
export const REGEX_FORMATS: Readonly<Record<string, RegExp>> = (() => {
  const full = (formatsModule as unknown as { fullFormats: Record<string, unknown> }).fullFormats;
  const out: Record<string, RegExp> = {};
  for (const [name, value] of Object.entries(full)) if (value instanceof RegExp) out[name] = value;
  out.uri = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i;
  return out;
})();

/** Annotation-only formats (OpenAPI): accepted without a check. */
export const IGNORED_FORMATS: readonly string[] = ['password', 'binary', 'int32', 'int64', 'float', 'double'];

/** Runtime helpers ajv's standalone output would `require`; replaced by these inline sources. */
export const RUNTIME_HELPERS: Readonly<Record<string, { name: string; source: string }>> = {
  'require("ajv/dist/runtime/ucs2length").default': {
    name: '__ucs2length',
    source: `function __ucs2length(str) {
  let length = 0;
  for (let pos = 0; pos < str.length; ) {
    length++;
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < str.length && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}`,
  },
  'require("ajv/dist/runtime/equal").default': {
    name: '__equal',
    source: `function __equal(a, b) {
  if (a === b) return true;
  if (a && b && typeof a == "object" && typeof b == "object") {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!__equal(a[i], b[i])) return false;
      return true;
    }
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) if (!Object.prototype.hasOwnProperty.call(b, key) || !__equal(a[key], b[key])) return false;
    return true;
  }
  return a !== a && b !== b;
}`,
  },
};
