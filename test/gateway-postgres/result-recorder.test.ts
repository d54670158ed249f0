import { describe, expect, it } from 'vitest';
import { ResultRecorder } from '../../src/gateway/postgres/result-recorder.js';
import { dataRow, rowDescriptionBody } from './result-wire.js';

const columns = (list: ReadonlyArray<[name: string, format: number]>) => rowDescriptionBody(list.map(([name, format]) => ({ name, format })));

describe('ResultRecorder', () => {
  it('keeps rows as text, NULLs as null and binary values as \\x hex', () => {
    const rec = new ResultRecorder('all', 1024);
    rec.describe(columns([['name', 0], ['avatar', 1]]));
    rec.row(dataRow([Buffer.from('Ada'), Buffer.from([1, 2])]));
    rec.row(dataRow([null, null]));
    expect(rec.take()).toEqual([{ columns: ['name', 'avatar'], rows: [['Ada', '\\x0102'], [null, null]], total: 2, truncated: false }]);
    expect(rec.take()).toEqual([]);
  });

  it('stops at the row limit or the size cap, still counting what the agent received', () => {
    const limited = new ResultRecorder(2, 1024);
    limited.describe(columns([['n', 0]]));
    for (let i = 0; i < 5; i++) limited.row(dataRow([Buffer.from(String(i))]));
    expect(limited.take()).toEqual([{ columns: ['n'], rows: [['0'], ['1']], total: 5, truncated: true }]);

    const capped = new ResultRecorder('all', 10);
    capped.describe(columns([['s', 0]]));
    for (let i = 0; i < 3; i++) capped.row(dataRow([Buffer.from('123456')]));
    expect(capped.take()).toEqual([{ columns: ['s'], rows: [['123456'], ['123456']], total: 3, truncated: true }]);
  });
});
