/** What masking replaced, by detector label (`EMAIL`) or column (`public.users.email`). Never holds a value. */
export class MaskCounts {
  private readonly byKey = new Map<string, number>();
  private sum = 0;

  add(key: string, n = 1): void {
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + n);
    this.sum += n;
  }

  get total(): number {
    return this.sum;
  }

  /** For the audit trail: `{ EMAIL: 3, "public.users.ssn": 10 }`. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.byKey);
  }

  /** Hands the counts over and starts again (one statement's worth at a time). */
  take(): MaskCounts {
    const taken = new MaskCounts();
    for (const [k, n] of this.byKey) taken.add(k, n);
    this.byKey.clear();
    this.sum = 0;
    return taken;
  }
}
