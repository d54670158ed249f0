import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { SAMPLE_SCHEMA } from './sample-data.js';

export interface DemoTarget {
  readonly port: number;
  close(): Promise<void>;
}

/** An in-memory PostgreSQL (PGlite) with the sample data, served over the wire protocol on loopback. */
export async function startDemoTarget(port: number): Promise<DemoTarget> {
  const db = await PGlite.create('memory://');
  await db.exec(SAMPLE_SCHEMA);
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 64 });
  await server.start();
  return {
    port,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
