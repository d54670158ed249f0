import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEvent } from '../core/audit-event.js';
import type { Logger } from '../util/log.js';
import type { ChainHead, SealedEvent } from './hash-chain.js';

const SEGMENT = /^(\d{12})\.jsonl$/;
/**
 * With O_DSYNC each append returns once its bytes are on disk: one trip to the thread pool instead of
 * a write and an fdatasync. Where the platform lacks the flag, appends are followed by fdatasync.
 */
const DSYNC = constants.O_DSYNC as number | undefined;
const APPEND_FLAGS = DSYNC === undefined ? 'a' : constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | DSYNC;
const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;

/** A spool line: the full event as JSON, built around the already-canonical data. */
export function spoolLine({ event: e, dataJson }: SealedEvent): string {
  const { data: _data, ...rest } = e;
  return `{"data":${dataJson},${JSON.stringify(rest).slice(1)}\n`;
}

function parseLine(line: string): AuditEvent {
  const raw = JSON.parse(line) as Record<string, unknown>;
  const at = new Date(raw.at as string);
  if (typeof raw.chain !== 'string' || typeof raw.seq !== 'number' || typeof raw.hash !== 'string' || Number.isNaN(at.getTime())) {
    throw new SyntaxError('not an audit event');
  }
  return { ...(raw as unknown as AuditEvent), at };
}

/** A directory name for a chain id that cannot escape the spool root. */
function chainDir(chain: string): string {
  return encodeURIComponent(chain).replace(/^\./, '%2E');
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * The local durable buffer used while the audit database is unreachable: JSON-lines segment files,
 * each append on disk (O_DSYNC) before the writer reports an event durable. Segments are replayed and
 * removed in name order. A failed append never leaves a partial line in front of later events: the
 * segment is cut back and closed, so a torn line can only be a segment's last.
 */
export class Spool {
  private readonly dir: string;
  private current: { fh: FileHandle; name: string; size: number } | null = null;
  private nextIndex = 1;
  private readonly closed: string[] = [];

  constructor(root: string, chain: string, private readonly log: Logger, private readonly segmentBytes = DEFAULT_SEGMENT_BYTES) {
    this.dir = join(root, chainDir(chain));
  }

  /** Existing segments (from an earlier run) become closed segments waiting for replay. */
  async scan(): Promise<string[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => SEGMENT.test(n)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw err;
    }
    const last = names.at(-1);
    if (last) this.nextIndex = Number(SEGMENT.exec(last)![1]) + 1;
    this.closed.push(...names);
    return [...names];
  }

  async append(batch: readonly SealedEvent[]): Promise<void> {
    const buf = Buffer.from(batch.map(spoolLine).join(''));
    const seg = this.current ?? (await this.openSegment());
    try {
      await seg.fh.write(buf);
      if (DSYNC === undefined) await seg.fh.datasync();
    } catch (err) {
      this.current = null;
      await seg.fh.truncate(seg.size).catch(() => undefined);
      await seg.fh.close().catch(() => undefined);
      this.closed.push(seg.name);
      throw err;
    }
    seg.size += buf.length;
    if (seg.size >= this.segmentBytes) await this.closeCurrent();
  }

  /** Closes the segment being written, and returns every segment not yet removed, oldest first. */
  async rotate(): Promise<string[]> {
    await this.closeCurrent();
    return [...this.closed];
  }

  /** Events of one closed segment; a torn last line (crash mid-write) is skipped with a warning. */
  async read(name: string): Promise<AuditEvent[]> {
    const lines = (await readFile(join(this.dir, name), 'utf8')).split('\n');
    const events: AuditEvent[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') continue;
      try {
        events.push(parseLine(line));
      } catch {
        const isLast = lines.slice(i + 1).every((l) => l === '');
        if (!isLast) throw new Error(`audit spool segment ${name} is corrupt at line ${i + 1}; left in place for inspection`);
        this.log.warn('ignoring torn last line in audit spool segment (crash mid-write)', { segment: name, line: i + 1 });
      }
    }
    return events;
  }

  async remove(name: string): Promise<void> {
    await unlink(join(this.dir, name));
    this.closed.splice(this.closed.indexOf(name), 1);
  }

  /** Proves the spool can be written again (a durable write that leaves nothing behind). */
  async probe(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, 'probe.tmp');
    const fh = await open(path, 'w');
    try {
      await fh.write('ok\n');
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await unlink(path);
  }

  /** The chain head as of the last clean stop, for resuming while the database is down. */
  async readHead(): Promise<ChainHead | null> {
    try {
      const h = JSON.parse(await readFile(join(this.dir, 'head.json'), 'utf8')) as ChainHead;
      return typeof h.seq === 'number' && typeof h.hash === 'string' ? h : null;
    } catch {
      return null;
    }
  }

  async writeHead(head: ChainHead): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, 'head.json.tmp');
    const fh = await open(tmp, 'w');
    try {
      await fh.write(JSON.stringify(head));
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, 'head.json'));
  }

  async close(): Promise<void> {
    await this.closeCurrent();
  }

  private async openSegment() {
    await mkdir(this.dir, { recursive: true });
    const name = `${String(this.nextIndex++).padStart(12, '0')}.jsonl`;
    const fh = await open(join(this.dir, name), APPEND_FLAGS);
    try {
      await fsyncDir(this.dir); // the new file's name must survive a crash too
    } catch (err) {
      await fh.close();
      throw err;
    }
    this.current = { fh, name, size: 0 };
    return this.current;
  }

  private async closeCurrent(): Promise<void> {
    const seg = this.current;
    if (!seg) return;
    this.current = null;
    await seg.fh.close();
    this.closed.push(seg.name);
  }
}
