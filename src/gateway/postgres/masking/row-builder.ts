/** Output is carved from slabs of this size: one allocation per slab instead of one per row. */
const SLAB = 64 * 1024;
/** Shorter spans are copied byte by byte: cheaper than a call into Buffer.copy for a few bytes. */
const SHORT = 32;

/**
 * Writes rewritten backend messages one after another into a slab. The messages finished since the
 * last `take` lie back to back and are handed out together, as one view: rows rewritten in a row cost
 * no buffer of their own and no copy into a gathered write. A slab byte is never written twice (when
 * one is full, the messages not yet taken move to a fresh one), since views handed out may still be
 * waiting to be sent. Offsets a caller keeps (`openValue`) are relative to the message being built.
 */
export class RowBuilder {
  /** Empty until the first row is rewritten: many sessions never rewrite one. */
  private slab = Buffer.alloc(0);
  /** Where the messages not yet taken begin, and where the last finished one ends. */
  private run = 0;
  private end = 0;
  /** Where the message being built (or, after finish, the last one) begins. */
  private start = 0;
  private at = 0;

  /**
   * Starts a message: its type byte and length come from the original with the first `copy`. What a
   * message left unfinished (masking it failed) wrote is dropped: it was never handed out.
   */
  begin(): void {
    this.start = this.at = this.end;
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
    this.at = int32(this.slab, this.at, -1);
  }

  /** Starts a value whose length field is written by closeValue with the mark this returns. */
  openValue(): number {
    this.room(4);
    this.at += 4;
    return this.at - this.start;
  }

  closeValue(mark: number): void {
    int32(this.slab, this.start + mark - 4, this.at - this.start - mark);
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

  /** Ends the message begun last by setting its length field; it joins the messages to take. */
  finish(): void {
    int32(this.slab, this.start + 1, this.at - this.start - 1);
    this.end = this.at;
  }

  /** The messages finished since the last take, back to back in one view; empty when there are none. */
  take(): Buffer {
    const taken = this.slab.subarray(this.run, this.end);
    this.run = this.end;
    return taken;
  }

  /** The message finished last (only a recorder of what the agent got needs it on its own). */
  last(): Buffer {
    return this.slab.subarray(this.start, this.end);
  }

  /** Makes room for `n` more bytes, moving what is not taken yet to a fresh slab when this one is full. */
  private room(n: number): void {
    if (this.at + n <= this.slab.length) return;
    const kept = this.at - this.run;
    const next = Buffer.allocUnsafe(Math.max(SLAB, 2 * (kept + n)));
    this.slab.copy(next, 0, this.run, this.at);
    this.slab = next;
    this.start -= this.run;
    this.end -= this.run;
    this.run = 0;
    this.at = kept;
  }
}

/** Writes a length field by hand, as there are a few per row: Buffer's writers check their arguments on every call. Returns the offset after it. */
function int32(out: Buffer, at: number, value: number): number {
  out[at] = value >>> 24;
  out[at + 1] = value >>> 16;
  out[at + 2] = value >>> 8;
  out[at + 3] = value;
  return at + 4;
}
