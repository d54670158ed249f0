import { describe, expect, it } from 'vitest';
import { csvHeader, formatCsvRow, formatJsonl } from '../../src/audit/format.js';
import type { AuditEvent } from '../../src/core/audit-event.js';

const event: AuditEvent = {
  type: 'statement',
  at: new Date('2025-01-02T03:04:05.678Z'),
  sessionId: 's1',
  identity: 'devin, the "agent"',
  connection: 'prod-db',
  protocol: 'postgres',
  data: { sql: "select 'a,b'\nfrom t", rows: 2 },
  chain: 'gw-1',
  seq: 7,
  prevHash: 'p'.repeat(64),
  hash: 'h'.repeat(64),
};

/** A minimal RFC 4180 reader, to prove a spreadsheet gets the fields back intact. */
function parseCsvRow(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') (v += '"'), (i += 2);
        else if (line[i] === '"') break;
        else v += line[i++];
      }
      fields.push(v);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

describe('audit export formats', () => {
  it('quotes CSV fields with commas, quotes and newlines, and keeps data as a JSON column', () => {
    const header = csvHeader().split(',');
    const fields = parseCsvRow(formatCsvRow(event));
    expect(fields).toHaveLength(header.length);
    const row = Object.fromEntries(header.map((h, i) => [h, fields[i]]));
    expect(row.identity).toBe('devin, the "agent"');
    expect(JSON.parse(row.data!)).toEqual(event.data);
    expect(row.at).toBe('2025-01-02T03:04:05.678Z');
    expect(row.seq).toBe('7');
  });

  it('writes null fields as empty CSV cells', () => {
    const fields = parseCsvRow(formatCsvRow({ ...event, sessionId: null, identity: 'x' }));
    expect(fields[4]).toBe('');
  });

  it('writes one JSON object per line', () => {
    const line = formatJsonl(event);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ seq: 7, chain: 'gw-1', at: '2025-01-02T03:04:05.678Z', data: event.data });
  });
});
