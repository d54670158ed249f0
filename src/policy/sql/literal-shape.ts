/*
 * A statement's shape with its constants blanked, for caching the preset analysis across texts that
 * differ only in literal values. Keys must never merge texts PostgreSQL would tokenize differently, so
 * this is a deliberately small lexer that gives up (null) on anything it does not model exactly:
 * comments, dollar quotes and parameters, quoted identifiers, prefixed strings (E'' B'' X'' N'' U&''),
 * backslashes, non-ASCII and control characters, and PG16+ number forms (0x1F, 1_000, trailing junk).
 * It assumes standard_conforming_strings is on, which the gateway guarantees.
 */

/** PostgreSQL's token classes: an integer that fits int32 is ICONST, any other number FCONST. */
export type LiteralKind = 'integer' | 'float' | 'string';

export interface LiteralSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: LiteralKind;
}

// One placeholder per token class: the grammar accepts ICONST in places it rejects FCONST (timestamp(3)).
const PLACEHOLDER: Readonly<Record<LiteralKind, string>> = { integer: '0', float: '0.0', string: "''" };

const INT32_MAX = '2147483647';

/** The text with each literal replaced by its class placeholder, or null when unsure how PostgreSQL lexes it. */
export function literalShape(sql: string): string | null {
  const spans = literalSpans(sql);
  if (spans === null) return null;
  let out = '';
  let at = 0;
  for (const { start, end, kind } of spans) {
    out += sql.slice(at, start) + PLACEHOLDER[kind];
    at = end;
  }
  return out + sql.slice(at);
}

/** Where the numeric and simple string literals are, in order; null when unsure. Linear in the text. */
export function literalSpans(sql: string): LiteralSpan[] | null {
  const spans: LiteralSpan[] = [];
  // The last two significant tokens, lower-cased, to spot FLOAT(p) (see below).
  let prev = '';
  let prev2 = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    let token: string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isWordStart(c)) {
      const start = i;
      while (i < sql.length && isIdentChar(sql.charCodeAt(i))) i++;
      token = sql.slice(start, i).toLowerCase();
    } else if (isDigit(c) || (c === DOT && isDigit(sql.charCodeAt(i + 1)))) {
      // In `t.5` a placeholder would fuse with the name. FLOAT(p) is the grammar's one check of a
      // literal's value (float(0) is a syntax error, float(10) is not), so its p is never blanked.
      if (isIdentChar(sql.charCodeAt(i - 1)) || (prev === '(' && prev2 === 'float')) return null;
      const end = numberEnd(sql, i);
      if (end < 0) return null;
      spans.push({ start: i, end, kind: numberKind(sql.slice(i, end)) });
      i = end;
      token = '0';
    } else if (c === QUOTE) {
      // A quote right after a word or `&` is a prefixed string (E'', U&'') with other escape rules.
      const before = sql.charCodeAt(i - 1);
      if (isIdentChar(before) || before === AMPERSAND) return null;
      const end = stringEnd(sql, i);
      if (end < 0) return null;
      spans.push({ start: i, end, kind: 'string' });
      i = end;
      token = "''";
    } else {
      if (!isPlainPunctuation(c)) return null;
      const next = sql.charCodeAt(i + 1);
      // Comments, and `..` (a token of its own, which would move where a `.5` starts).
      if ((c === MINUS && next === MINUS) || (c === SLASH && next === STAR) || (c === DOT && next === DOT)) return null;
      token = sql[i] ?? '';
      i++;
    }
    prev2 = prev;
    prev = token;
  }
  return spans;
}

/**
 * End of the number starting at `i`: digits, an optional fraction, an optional exponent with digits.
 * -1 when anything word-like or another dot follows: PG16+ reads `1abc`, `1e`, `0x1F`, `1_000`
 * differently from older servers, and `1..2` splits differently.
 */
function numberEnd(sql: string, i: number): number {
  i = skipDigits(sql, i);
  if (sql.charCodeAt(i) === DOT) i = skipDigits(sql, i + 1);
  const e = sql.charCodeAt(i);
  if (e === LOWER_E || e === UPPER_E) {
    i++;
    const sign = sql.charCodeAt(i);
    if (sign === PLUS || sign === MINUS) i++;
    if (!isDigit(sql.charCodeAt(i))) return -1;
    i = skipDigits(sql, i);
  }
  const after = sql.charCodeAt(i);
  return isIdentChar(after) || after === DOT ? -1 : i;
}

function numberKind(text: string): LiteralKind {
  if (!/^\d+$/.test(text)) return 'float';
  const digits = text.replace(/^0+(?=\d)/, '');
  return digits.length < INT32_MAX.length || (digits.length === INT32_MAX.length && digits <= INT32_MAX) ? 'integer' : 'float';
}

/**
 * End of the string literal opening at `i`, with `''` escapes and PostgreSQL's continuation: another
 * quoted string after whitespace holding a newline is part of the same literal. -1 if unterminated or
 * holding a character we refuse.
 */
function stringEnd(sql: string, i: number): number {
  i++;
  for (;;) {
    if (i >= sql.length) return -1;
    const c = sql.charCodeAt(i);
    if (c === QUOTE) {
      if (sql.charCodeAt(i + 1) === QUOTE) {
        i += 2;
        continue;
      }
      const end = i + 1;
      let j = end;
      let newline = false;
      for (; isSpace(sql.charCodeAt(j)); j++) newline ||= isNewline(sql.charCodeAt(j));
      if (!newline || sql.charCodeAt(j) !== QUOTE) return end;
      i = j + 1;
      continue;
    }
    if (c === BACKSLASH || !(isSpace(c) || isPrintable(c))) return -1;
    i++;
  }
}

function skipDigits(sql: string, i: number): number {
  while (isDigit(sql.charCodeAt(i))) i++;
  return i;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 39;
const AMPERSAND = 38;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const LOWER_E = 101;
const UPPER_E = 69;

/** Space, tab, newline, CR: the only whitespace accepted (\f and \v are refused as control characters). */
function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || isNewline(c);
}

function isNewline(c: number): boolean {
  return c === LF || c === CR;
}

function isPrintable(c: number): boolean {
  return c > SPACE && c < 127;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** NaN (before the start or past the end) is not one. `$` would be, but it is refused everywhere. */
function isIdentChar(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

/** Operators and punctuation kept verbatim; `"`, `$` and `\` are refused. */
function isPlainPunctuation(c: number): boolean {
  return isPrintable(c) && c !== 34 && c !== 36 && c !== BACKSLASH;
}
