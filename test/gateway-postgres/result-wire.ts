/** Backend result messages built byte by byte, as PostgreSQL sends them, for tests of what is done to them. */

export interface Column {
  readonly name: string;
  readonly typeOid?: number;
  /** 0 text (default), 1 binary. */
  readonly format?: number;
  readonly tableOid?: number;
  readonly attnum?: number;
}

const message = (type: string, body: Buffer): Buffer => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

/** A RowDescription body (without type byte and length), as the recorder takes it. */
export function rowDescriptionBody(columns: readonly Column[]): Buffer {
  const fields = columns.map((c) => {
    const meta = Buffer.alloc(18);
    meta.writeInt32BE(c.tableOid ?? 0, 0);
    meta.writeInt16BE(c.attnum ?? 0, 4);
    meta.writeInt32BE(c.typeOid ?? 25, 6);
    meta.writeInt16BE(-1, 10);
    meta.writeInt32BE(-1, 12);
    meta.writeInt16BE(c.format ?? 0, 16);
    return Buffer.concat([Buffer.from(`${c.name}\0`), meta]);
  });
  const count = Buffer.alloc(2);
  count.writeInt16BE(columns.length);
  return Buffer.concat([count, ...fields]);
}

export const rowDescription = (columns: readonly Column[]): Buffer => message('T', rowDescriptionBody(columns));

/** A whole DataRow message; strings are UTF-8, null is NULL. */
export function dataRow(values: ReadonlyArray<Buffer | string | null>): Buffer {
  const parts = values.map((v) => {
    const len = Buffer.alloc(4);
    if (v === null) {
      len.writeInt32BE(-1);
      return len;
    }
    const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    len.writeInt32BE(bytes.length);
    return Buffer.concat([len, bytes]);
  });
  const count = Buffer.alloc(2);
  count.writeInt16BE(values.length);
  return message('D', Buffer.concat([count, ...parts]));
}

export const commandComplete = (tag: string): Buffer => message('C', Buffer.from(`${tag}\0`));
