import { describe, expect, it } from 'vitest';
import { ResultRecorder } from '../../src/gateway/postgres/result-recorder.js';

const rowDescription = (columns: ReadonlyArray<[name: string, format: number]>): Buffer => {
  const fields = columns.map(([name, format]) => {
    const meta = Buffer.alloc(18);
    meta.writeInt32BE(25, 6); // text
    meta.writeInt16BE(-1, 10);
    meta.writeInt32BE(-1, 12);
    meta.writeInt16BE(format, 16);
    return Buffer.concat([Buffer.from(`${name}\0`), meta]);
  });
  const count = Buffer.alloc(2);
  count.writeInt16BE(columns.length);
  return Buffer.concat([count, ...fields]);
};

const dataRow = (values: ReadonlyArray<Buffer | null>): Buffer => {
  const parts = values.map((v) => {
    const len = Buffer.alloc(4);
    len.writeInt32BE(v ? v.length : -1);
    return v ? Buffer.concat([len, v]) : len;
  });
  const body = Buffer.concat([Buffer.from([0, values.length]), ...parts]);
  const head = Buffer.from([0x44, 0, 0, 0, 0]);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

describe('ResultRecorder', () => {
  it('keeps rows as text, NULLs as null and binary values as \\x hex', () => {
    const rec = new ResultRecorder('all', 1024);
    rec.describe(rowDescription([['name', 0], ['avatar', 1]]));
    rec.row(dataRow([Buffer.from('Ada'), Buffer.from([1, 2])]));
    rec.row(dataRow([null, null]));
    expect(rec.take()).toEqual([{ columns: ['name', 'avatar'], rows: [['Ada', '\\x0102'], [null, null]], total: 2, truncated: false }]);
    expect(rec.take()).toEqual([]);
  });

  it('stops at the row limit or the size cap, still counting what the agent received', () => {
    const limited = new ResultRecorder(2, 1024);
    limited.describe(rowDescription([['n', 0]]));
    for (let i = 0; i < 5; i++) limited.row(dataRow([Buffer.from(String(i))]));
    expect(limited.take()).toEqual([{ columns: ['n'], rows: [['0'], ['1']], total: 5, truncated: true }]);

    const capped = new ResultRecorder('all', 10);
    capped.describe(rowDescription([['s', 0]]));
    for (let i = 0; i < 3; i++) capped.row(dataRow([Buffer.from('123456')]));
    expect(capped.take()).toEqual([{ columns: ['s'], rows: [['123456'], ['123456']], total: 3, truncated: true }]);
  });
});
