import { serialize } from 'pg-protocol';
import type { PostgresUpstreamConfig } from '../../../config/types.js';
import type { Masker } from '../../../masking/masker.js';
import { connectUpstream } from '../upstream/connect-upstream.js';
import { deadline } from '../upstream/deadline.js';
import { simpleQuery } from '../upstream/simple-query.js';
import { catalogQuery } from './catalog-query.js';
import { MaskingCatalog, type CatalogRelation } from './masking-catalog.js';

const TIMEOUT_MS = 5000;
/** How long a catalog serves new sessions; a session that changes the schema refreshes it at once. */
const FRESH_MS = 60_000;

/**
 * The masking catalog of one connection, read on a connection of the gateway's own and shared by its
 * sessions. A failed read rejects, and the session asking for it is refused: without the catalog,
 * masked columns could not be recognised (fail closed).
 */
export class CatalogCache {
  private current: { readonly at: number; readonly catalog: Promise<MaskingCatalog> } | undefined;

  constructor(
    private readonly upstream: PostgresUpstreamConfig,
    private readonly masker: Masker,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<MaskingCatalog> {
    if (!this.current || this.now() - this.current.at > FRESH_MS) {
      const catalog = this.load();
      // A failed read is not cached: the next session tries again.
      catalog.catch(() => {
        if (this.current?.catalog === catalog) this.current = undefined;
      });
      this.current = { at: this.now(), catalog };
    }
    return this.current.catalog;
  }

  invalidate(): void {
    this.current = undefined;
  }

  private async load(): Promise<MaskingCatalog> {
    if (this.masker.columns.empty) return new MaskingCatalog([], [], this.masker);
    const timer = deadline(TIMEOUT_MS, 'reading the masking catalog');
    const conn = await connectUpstream(this.upstream, { applicationName: 'airlock:masking-catalog', connectTimeoutMs: TIMEOUT_MS });
    try {
      const result = await simpleQuery(conn, catalogQuery(this.masker.columns.columnGlobs), timer.signal);
      if (result.error !== undefined) throw new Error(`could not read the masking catalog: ${result.error}`);
      const { relations, known } = JSON.parse(result.values[0] ?? '{}') as { relations: CatalogRelation[]; known: number[] };
      return new MaskingCatalog(relations, known, this.masker);
    } finally {
      timer.clear();
      conn.socket.on('error', () => undefined);
      conn.socket.end(serialize.end());
    }
  }
}
