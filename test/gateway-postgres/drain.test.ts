import { describe, expect, it } from 'vitest';
import { startTestGateway } from './harness.js';

describe('graceful shutdown', () => {
  it('lets a running statement finish, then ends idle and finished sessions with 57P01', async () => {
    const gw = await startTestGateway();
    const busy = await gw.client();
    const idle = await gw.client();
    const idleClosed = new Promise<unknown>((resolve) => idle.on('error', resolve));
    const running = busy.query('SELECT pg_sleep(0.5), 1 AS done');
    await new Promise((r) => setTimeout(r, 100));
    const closing = gw.close();
    expect((await running).rows[0].done).toBe(1);
    await closing;
    expect(await idleClosed).toMatchObject({ code: '57P01' });
    await expect(gw.client()).rejects.toThrow(/ECONNREFUSED/);
  });
});
