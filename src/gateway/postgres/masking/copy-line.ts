/**
 * One COPY TO row split into its raw fields (as written on the wire, escapes and quotes included), so
 * masking can replace whole fields or spans inside them without decoding. Pure.
 */
export function splitCopyLine(line: string, csv: boolean, delimiter: string): string[] {
  if (!csv) return line.split(delimiter);
  const fields: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    // A doubled quote inside a quoted field toggles twice, which leaves the state as it was.
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) {
      fields.push(line.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(line.slice(start));
  return fields;
}

/** A raw field that stands for SQL NULL: `\N` in text format, an unquoted empty field in CSV. */
export const isCopyNull = (raw: string, csv: boolean) => (csv ? raw === '' : raw === '\\N');

/** A replacement value as a raw field: quoted for CSV, backslash-escaped for text. */
export function copyField(value: string, csv: boolean): string {
  if (csv) return `"${value.replace(/"/g, '""')}"`;
  return value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c);
}
