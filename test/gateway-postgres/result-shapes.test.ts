import { describe, expect, it } from 'vitest';
import { ResultShapes } from '../../src/gateway/postgres/masking/result-shapes.js';
import type { FieldDescription } from '../../src/gateway/postgres/wire/result-messages.js';

// Which columns the rows of an Execute have, followed through the answers to Parse, Describe, Bind and Close.

const field = (name: string, attnum: number): FieldDescription => ({ name, tableOid: 16400, attnum, typeOid: 25, format: 0 });
const COLUMNS = [field('email', 2), field('name', 3)];
const formats = (shapes: ResultShapes, portal: string) => shapes.portal(portal)?.map((f) => f.format);

function described(name = 's'): ResultShapes {
  const shapes = new ResultShapes();
  shapes.done({ kind: 'parse', name });
  shapes.described({ kind: 'describe-statement', name }, COLUMNS);
  return shapes;
}
const bind = (shapes: ResultShapes, resultFormats: number[], portal = '', statement = 's') => shapes.done({ kind: 'bind', portal, statement, resultFormats });

describe('result shapes of statements and portals', () => {
  it("gives a portal its statement's columns in the formats its Bind chose", () => {
    const shapes = described();
    bind(shapes, []);
    expect(formats(shapes, '')).toEqual([0, 0]);
    bind(shapes, [1]);
    expect(formats(shapes, '')).toEqual([1, 1]);
    bind(shapes, [1, 0], 'p');
    expect(formats(shapes, 'p')).toEqual([1, 0]);
    expect(shapes.portal('p')?.map((f) => f.name)).toEqual(['email', 'name']);
  });

  it('keeps NoData apart from not knowing', () => {
    const shapes = new ResultShapes();
    shapes.described({ kind: 'describe-statement', name: 'ins' }, null);
    bind(shapes, [], '', 'ins');
    expect(shapes.portal('')).toBeNull();
    bind(shapes, [], 'q', 'never-described');
    expect(shapes.portal('q')).toBeUndefined();
  });

  it('learns a statement from a Describe of a portal bound from it, but not once the name is prepared again', () => {
    const shapes = new ResultShapes();
    shapes.done({ kind: 'parse', name: 's' });
    bind(shapes, []);
    shapes.described({ kind: 'describe-portal', name: '' }, COLUMNS);
    bind(shapes, [1], 'p');
    expect(formats(shapes, 'p')).toEqual([1, 1]);

    const again = new ResultShapes();
    again.done({ kind: 'parse', name: 's' });
    bind(again, [], 'old');
    again.done({ kind: 'close', target: 'S', name: 's' });
    again.done({ kind: 'parse', name: 's' });
    again.described({ kind: 'describe-portal', name: 'old' }, COLUMNS);
    bind(again, []);
    expect(again.portal('')).toBeUndefined();
  });

  it('forgets what the server may have replaced: a name prepared again, closed, or reused through SQL', () => {
    const shapes = described();
    shapes.done({ kind: 'parse', name: 's' });
    bind(shapes, []);
    expect(shapes.portal('')).toBeUndefined();

    const closed = described();
    bind(closed, [], 'p');
    closed.done({ kind: 'close', target: 'P', name: 'p' });
    expect(closed.portal('p')).toBeUndefined();

    for (const tag of ['DEALLOCATE', 'DEALLOCATE ALL', 'DISCARD ALL', 'PREPARE']) {
      const sql = described();
      sql.completed(tag);
      bind(sql, []);
      expect(sql.portal('')).toBeUndefined();
    }
    for (const tag of ['DECLARE CURSOR', 'CLOSE CURSOR', 'ROLLBACK']) {
      const sql = described();
      bind(sql, [], 'p');
      sql.completed(tag);
      expect(sql.portal('p')).toBeUndefined();
    }
    const select = described();
    bind(select, [], 'p');
    select.completed('SELECT 2');
    expect(select.portal('p')).toBeDefined();
  });

  it("closes portals when a transaction ends, and a simple Query's unnamed ones", () => {
    const shapes = described();
    bind(shapes, [], 'p');
    shapes.ready({ kind: 'sync' }, 'T');
    expect(shapes.portal('p')).toBeDefined();
    shapes.ready({ kind: 'sync' }, 'I');
    expect(shapes.portal('p')).toBeUndefined();

    const unnamed = described('');
    bind(unnamed, [], '', '');
    unnamed.ready({ kind: 'query', stmt: undefined }, 'T');
    expect(unnamed.portal('')).toBeUndefined();
    bind(unnamed, [], '', '');
    expect(unnamed.portal('')).toBeUndefined();
  });
});
