import { beforeAll, describe, expect, it } from 'vitest';
import { viewLineage } from '../../src/gateway/postgres/masking/view-lineage.js';
import { copyTarget } from '../../src/gateway/postgres/masking/copy-target.js';
import { copyField, splitCopyLine } from '../../src/gateway/postgres/masking/copy-line.js';
import { loadSqlParser } from '../../src/policy/sql/parser.js';

beforeAll(() => loadSqlParser());

describe('viewLineage', () => {
  it('traces each output column of a view definition to the column it passes through', () => {
    // pg_get_viewdef spells out every column, qualified when there is a join.
    expect(viewLineage(' SELECT users.id, users.email AS contact, lower(users.name) AS n FROM users;')).toEqual([
      { relation: { table: 'users' }, column: 'id' },
      { relation: { table: 'users' }, column: 'email' },
      null,
    ]);
    expect(viewLineage(' SELECT u.email, o.total FROM (crm.users u JOIN orders o ON ((o.user_id = u.id)));')).toEqual([
      { relation: { schema: 'crm', table: 'users' }, column: 'email' },
      { relation: { table: 'orders' }, column: 'total' },
    ]);
  });

  it('gives up (null) where a column cannot be traced: ambiguous names, subqueries, set operations', () => {
    expect(viewLineage(' SELECT email FROM users, orders;')).toEqual([null]);
    expect(viewLineage(' SELECT s.email FROM ( SELECT users.email FROM users) s;')).toEqual([null]);
    expect(viewLineage(' SELECT users.email FROM users UNION SELECT staff.email FROM staff;')).toEqual([]);
  });
});

describe('COPY targets and lines', () => {
  it('reads the relation, column list and layout of a COPY TO', () => {
    expect(copyTarget('COPY users (id, email) TO STDOUT WITH (FORMAT csv)')).toEqual({ relation: { table: 'users' }, columns: ['id', 'email'], csv: true, delimiter: ',' });
    expect(copyTarget("COPY crm.users TO STDOUT (DELIMITER '|')")).toEqual({ relation: { schema: 'crm', table: 'users' }, csv: false, delimiter: '|' });
    expect(copyTarget('COPY (SELECT 1) TO STDOUT CSV')).toEqual({ csv: true, delimiter: ',' });
    expect(copyTarget('COPY users FROM STDIN')).toBeUndefined();
  });

  it('splits CSV on delimiters outside quotes and quotes replacements', () => {
    expect(splitCopyLine('1,"a,b","say ""hi""",', true, ',')).toEqual(['1', '"a,b"', '"say ""hi"""', '']);
    expect(splitCopyLine('1\tx\\ty\t\\N', false, '\t')).toEqual(['1', 'x\\ty', '\\N']);
    expect(copyField('a"b', true)).toBe('"a""b"');
    expect(copyField('a\tb\\', false)).toBe('a\\tb\\\\');
  });
});
