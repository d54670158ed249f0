/** Output is carved from slabs of this size: one allocation per slab instead of one per row. */
const SLAB = 64 * 1024;
/** Shorter spans are copied byte by byte: cheaper than a call into Buffer.copy for a few bytes. */
const SHORT = 32;

/**
 * Writes rewritten backend messages one after another into a slab and hands each out as a view of it.
 * A slab byte is never written twice (when one is full, a fresh one is started), since views handed
 * out may still be waiting to be sent. Offsets a caller keeps (`openValue`) are relative to the
 * message being built, as it moves to a fresh slab when the current one fills up.
 */
export class RowBuilder {
  /** Empty until the first row is rewritten: many sessions never rewrite one. */
  private slab = Buffer.alloc(0);
  private start = 0;
  private at = 0;

  /** Starts a message: its type byte and length come from the original with the first `copy`. */
  begin(): void {
    this.start = this.at;
  }

  /** Appends src[from, to). */
  copy(src: Buffer, from: number, to: number): void {
    const n = to - from;
    this.room(n);
    if (n < SHORT) {
      const out = this.slab;
      for (let i = 0, at = this.at; i < n; i++) out[at + i] = src[from + i]!;
    } else src.copy(this.slab, this.at, from, to);
    this.at += n;
  }

  /** A NULL value: its length field alone. */
  nullValue(): void {
    this.room(4);
    this.at = this.slab.writeInt32BE(-1, this.at);
  }

  /** Starts a value whose length field is written by closeValue with the mark this returns. */
  openValue(): number {
    this.room(4);
    this.at += 4;
    return this.at - this.start;
  }

  closeValue(mark: number): void {
    this.slab.writeInt32BE(this.at - this.start - mark, this.start + mark - 4);
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    this.room(text.length * 3);
    const out = this.slab;
    let at = this.at;
    // Replacements are mostly ASCII, which is one byte per character.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.at = at + out.write(text.slice(i), at, 'utf8');
        return;
      }
      out[at++] = c;
    }
    this.at = at;
  }

  /** The message built since begin, with its length field set. */
  finish(): Buffer {
    this.slab.writeInt32BE(this.at - this.start - 1, this.start + 1);
    return this.slab.subarray(this.start, this.at);
  }

  /** Makes room for `n` more bytes, moving the message so far to a fresh slab when this one is full. */
  private room(n: number): void {
    if (this.at + n <= this.slab.length) return;
    const built = this.at - this.start;
    const next = Buffer.allocUnsafe(Math.max(SLAB, 2 * (built + n)));
    this.slab.copy(next, 0, this.start, this.at);
    this.slab = next;
    this.start = 0;
    this.at = built;
  }
}
