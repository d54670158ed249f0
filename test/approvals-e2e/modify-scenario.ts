import type pg from 'pg';
import { expect } from 'vitest';
import type { Deployment } from './deployment.js';
import type { GatewayProcess } from './gateway-process.js';
import { approvalEvents } from './review-api.js';

/** The statement the chat modify scenarios hold, and what a reviewer turns it into. */
const MODIFY_SCENARIO = { held: 'DELETE FROM orders WHERE id >= 11', replacement: 'DELETE FROM orders WHERE id = 11', reason: 'one row only' };

/** After a reviewer modified the scenario's statement: only row 11 went, and the trail says who changed it, how and why. */
export async function expectModifiedToOneRow(deployment: Deployment, gw: GatewayProcess, id: string, run: Promise<pg.QueryResult>): Promise<void> {
  expect((await run).rowCount).toBe(1);
  expect((await deployment.upstream<{ id: number }>('SELECT id FROM orders WHERE id >= 11 AND id <= 12 ORDER BY id')).map((r) => r.id)).toEqual([12]);
  const events = await approvalEvents(gw, id);
  expect(events.find((e) => e.data.to === 'modified')).toMatchObject({
    identity: 'dba@example.com',
    data: { reason: MODIFY_SCENARIO.reason, command: { before: MODIFY_SCENARIO.held, after: MODIFY_SCENARIO.replacement } },
  });
}
