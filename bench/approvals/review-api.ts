import type { ReviewJson } from '../../src/http/review-json.js';

/** The review API as a reviewer calls it. */
export class ReviewApi {
  constructor(
    private readonly httpPort: number,
    private readonly token: string,
  ) {}

  /** Pending requests the reviewer may decide. */
  async pending(): Promise<ReviewJson[]> {
    const res = await fetch(this.url('/api/reviews'), { headers: this.headers() });
    if (!res.ok) throw new Error(`GET /api/reviews answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as ReviewJson[];
  }

  async approve(id: string): Promise<void> {
    const res = await fetch(this.url(`/api/reviews/${id}/approve`), { method: 'POST', headers: this.headers() });
    if (res.status !== 200) throw new Error(`approving ${id} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }

  private url(path: string): string {
    return `http://127.0.0.1:${this.httpPort}${path}`;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }
}
