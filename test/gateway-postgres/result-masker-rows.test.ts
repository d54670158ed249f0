import { describe, expect, it } from 'vitest';
import { MaskingCatalog } from '../../src/gateway/postgres/masking/masking-catalog.js';
import { ResultMasker, REWRITTEN } from '../../src/gateway/postgres/masking/result-masker.js';
import { ProtocolViolation } from '../../src/gateway/postgres/wire/protocol-error.js';
import { Masker } from '../../src/masking/masker.js';
import { commandComplete, dataRow, rowDescription, type Column } from './result-wire.js';

// DataRows through the result masker, checked as the bytes the agent would receive.

const PEOPLE = 16400;
const [TEXT, INT4, BYTEA, JSONB, TIMESTAMPTZ] = [25, 23, 17, 3802, 1184];
const key = 'test-masking-key';

function maskerFor(detectors: boolean): ResultMasker {
  const masker = new Masker({
    columns: [
      { pattern: 'people.email', style: 'pseudonym' },
      { pattern: 'people.ssn', style: 'redact' },
      { pattern: 'people.card', style: 'partial' },
      { pattern: 'people.avatar', style: 'redact' },
      { pattern: 'people.profile', style: 'redact' },
    ],
    detectors: detectors ? [{ name: 'email', style: 'redact' }] : [],
    key,
  });
  const columns = { 1: 'id', 2: 'email', 3: 'ssn', 4: 'card', 5: 'note', 6: 'avatar', 7: 'profile', 8: 'seen' };
  const catalog = new MaskingCatalog([{ oid: PEOPLE, schema: 'public', table: 'people', kind: 'r', columns, definition: null }], [PEOPLE], masker);
  return new ResultMasker(masker, catalog, () => undefined);
}

const col = (name: string, attnum: number, typeOid = TEXT, format = 0): Column => ({ name, typeOid, format, tableOid: PEOPLE, attnum });
const ID = col('id', 1, INT4);
const EMAIL = col('email', 2);
const SSN = col('ssn', 3);
const CARD = col('card', 4);
const NOTE = col('note', 5);

const none = () => undefined;

/** What the agent receives for `msg`: the replacement (a rewritten row taken on its own), or the message itself. */
function sent(results: ResultMasker, msg: Buffer): Buffer {
  const out = results.transform(msg[0]!, msg, 0, msg.length, none);
  return out === REWRITTEN ? results.rows.take() : (out ?? msg);
}

/** The pseudonym the masker gives an email, as an agent sees it in any result. */
const pseudonym = (email: string): string => new Masker({ columns: [], detectors: [], key }).columnMask('pseudonym', 'public.people.email').text(email);

describe('masking DataRows', () => {
  it('replaces only the masked values, keeping the rest of the row byte for byte', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([ID, EMAIL, SSN, CARD, NOTE]));
    const row = sent(results, dataRow(['7', 'ada@example.com', '536-22-8917', '4111 1111 1111 1234', 'ada@example.com wrote']));
    expect(row).toEqual(dataRow(['7', pseudonym('ada@example.com'), '[MASKED]', '****1234', 'ada@example.com wrote']));
    expect(pseudonym('ada@example.com')).toMatch(/^email_[0-9a-f]{8}$/);
    expect(sent(results, dataRow(['8', null, '', 'ab', null]))).toEqual(dataRow(['8', null, '[MASKED]', '****', null]));
  });

  it('keeps the last four characters of a partial value however they are encoded', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([CARD]));
    for (const [card, shown] of [['Zürich 1234', '****1234'], ['número ñandú', '****andú'], ['abcd😀😀', '****cd😀😀'], ['x😀😀', '****'], ['😀😀', '****'], ['€€€€', '****']]) {
      expect(sent(results, dataRow([card!]))).toEqual(dataRow([shown!]));
    }
  });

  it('forwards a row the detectors find nothing in unchanged, and scrubs the ones they do', () => {
    const results = maskerFor(true);
    const seen = col('seen', 8, TIMESTAMPTZ);
    sent(results, rowDescription([ID, NOTE, seen]));
    const plain = dataRow(['1', 'nothing to see', '2024-05-01 12:30:45+00']);
    expect(results.transform(plain[0]!, plain, 0, plain.length, none)).toBeUndefined();
    expect(sent(results, dataRow(['2', 'mail bob@example.org now', '2024-05-01 12:30:45+00']))).toEqual(dataRow(['2', 'mail [EMAIL] now', '2024-05-01 12:30:45+00']));
  });

  it('masks text-typed binary values after their prefix and turns other binary values of masked columns into NULL, with one NOTICE', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([col('ssn', 3, TEXT, 1), col('avatar', 6, BYTEA, 1), col('profile', 7, JSONB, 1), col('id', 1, INT4, 1)]));
    const id = Buffer.from([0, 0, 0, 7]);
    const row = sent(results, dataRow([Buffer.from('536-22-8917'), Buffer.from([1, 2, 3]), Buffer.from('\x01{"ssn":"536-22-8917"}'), id]));
    expect(row).toEqual(dataRow(['[MASKED]', null, Buffer.from('\x01[MASKED]'), id]));
    const done = sent(results, commandComplete('SELECT 1'));
    expect(done.toString('latin1')).toContain('airlock: 1 value of masked columns in a binary format were replaced by NULL');
    expect(done.subarray(done.length - commandComplete('SELECT 1').length)).toEqual(commandComplete('SELECT 1'));
  });

  it('counts masked values by column and detector label for the audit trail', () => {
    const results = maskerFor(true);
    sent(results, rowDescription([EMAIL, SSN, NOTE]));
    for (let i = 0; i < 3; i++) sent(results, dataRow([`u${i}@example.com`, null, i === 0 ? 'write to x@example.org' : 'nothing']));
    expect(results.counts.take().toJSON()).toEqual({ 'public.people.email': 3, EMAIL: 1 });
    expect(results.counts.take().total).toBe(0);
  });

  it('keeps every row it handed out intact while building thousands more, long values included', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([ID, SSN, NOTE]));
    const long = 'x'.repeat(100_000);
    const inputs = Array.from({ length: 3000 }, (_, i) => [String(i), `ssn ${i}`, i % 1000 === 0 ? long : `note ${i} ${'y'.repeat(i % 50)}`]);
    const outputs = inputs.map((values) => sent(results, dataRow(values)));
    const wrong = outputs.flatMap((out, i) => (out.equals(dataRow([inputs[i]![0]!, '[MASKED]', inputs[i]![2]!])) ? [] : [i]));
    expect(wrong).toEqual([]);
  });

  it('masks rows where they lie in a chunk, handing out the rows rewritten since the last take as one piece', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([ID, EMAIL, SSN]));
    const rows = [dataRow(['1', 'ada@example.com', '536-22-8917']), dataRow(['2', null, null]), dataRow(['3', 'bob@example.com', null])];
    const chunk = Buffer.concat([commandComplete('SELECT 0'), ...rows]);
    let at = commandComplete('SELECT 0').length;
    const outcomes = rows.map((row) => results.transform(row[0]!, chunk, at, (at += row.length), none));
    expect(outcomes).toEqual([REWRITTEN, undefined, REWRITTEN]);
    expect(results.rows.take()).toEqual(Buffer.concat([dataRow(['1', pseudonym('ada@example.com'), '[MASKED]']), dataRow(['3', pseudonym('bob@example.com'), null])]));
    expect(results.rows.take()).toEqual(Buffer.alloc(0));
  });

  it('keeps rows not taken yet intact however many slabs they fill, and every piece handed out too', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([ID, SSN, NOTE]));
    const long = 'x'.repeat(50_000);
    const notes = Array.from({ length: 3000 }, (_, i) => (i % 700 === 0 ? long : `note ${i}`));
    const pieces: Buffer[] = [];
    notes.forEach((note, i) => {
      const row = dataRow([String(i), `ssn ${i}`, note]);
      expect(results.transform(row[0]!, row, 0, row.length, none)).toBe(REWRITTEN);
      if (i % 500 === 499) pieces.push(results.rows.take());
    });
    pieces.push(results.rows.take());
    expect(Buffer.concat(pieces).equals(Buffer.concat(notes.map((note, i) => dataRow([String(i), '[MASKED]', note]))))).toBe(true);
  });

  it('leaves out what a row that failed halfway wrote, so the next row comes out alone and intact', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([SSN, col('profile', 7, JSONB, 1)]));
    // The ssn is written before the jsonb value turns out to lack its version byte.
    expect(() => sent(results, dataRow(['536-22-8917', Buffer.alloc(0)]))).toThrow('missing its version byte');
    expect(sent(results, dataRow(['536-22-8917', null]))).toEqual(dataRow(['[MASKED]', null]));
  });

  it('withholds a row with more values than its RowDescription has columns, and treats a malformed row as a protocol violation', () => {
    const results = maskerFor(false);
    sent(results, rowDescription([EMAIL]));
    expect(() => sent(results, dataRow(['a@b.co', 'extra']))).toThrow('more values than its RowDescription has columns');
    const truncated = dataRow(['a@b.co']).subarray(0, 12);
    truncated.writeInt32BE(truncated.length - 1, 1);
    expect(() => sent(results, truncated)).toThrow(ProtocolViolation);
  });
});
