import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardModel } from '../../src/bot/card/card-model.js';
import { modifyCheck } from '../../src/bot/card/modify-check.js';
import { approvalCard, cardBytes, MAX_CARD_BYTES } from '../../src/bot/teams/adaptive-card.js';
import type { AdaptiveCard } from '../../src/bot/teams/card-kit.js';
import { digestCard, replyCard, summaryCard } from '../../src/bot/teams/teams-messages.js';
import { APPROVE_VERB, RUN_MODIFIED_VERB } from '../../src/bot/teams/verbs.js';
import type { ApprovalRequest } from '../../src/core/approval.js';
import { activityProblems } from '../support/teams/card-rules.js';
import { inEveryState, now, request } from './fixtures.js';

const card = (r: ApprovalRequest) => approvalCard(cardModel(r, { now }));
/** What Teams would say of the card sent as the SDK sends it. */
function problems(c: AdaptiveCard): string[] {
  const body = JSON.stringify(MessageFactory.attachment(CardFactory.adaptiveCard(c)));
  return activityProblems(JSON.parse(body) as Record<string, unknown>, Buffer.byteLength(body)).problems;
}
/** Every element whose text Teams would read as markdown (TextBlocks), and every literal TextRun. */
function textsOf(c: unknown, type: 'TextBlock' | 'TextRun'): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === type && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(c);
  return out;
}
const titles = (c: AdaptiveCard) => (c.actions ?? []).map((a) => a.title);

describe('Teams approval card', () => {
  it('shows a destructive approval behind a second, explicit confirmation', () => {
    const c = card(request);
    expect(titles(c)).toEqual(['Approve…', 'Deny…', 'Modify…']);
    const approve = JSON.stringify(c.actions![0]);
    expect(approve).toContain('This runs DELETE without WHERE on public.users for devin.');
    expect(approve).toContain(`"verb":"${APPROVE_VERB}"`);
    const bounded = card({ ...request, command: 'DELETE FROM users WHERE id = 1', reasons: ['DELETE on users'] });
    expect(bounded.actions![0]).toMatchObject({ type: 'Action.Execute', title: 'Approve', verb: APPROVE_VERB });
  });

  it('renders every state, with actions only while pending, and each is a card Teams takes', () => {
    for (const r of Object.values(inEveryState)) {
      const c = card(r);
      expect(problems(c)).toEqual([]);
      expect((c.actions ?? []).length > 0).toBe(r.state === 'pending');
    }
    expect(textsOf(card(inEveryState.modified), 'TextRun')).toEqual(expect.arrayContaining(['Modified by carol', 'Reason: one row only', 'DELETE FROM public.users WHERE id = 7']));
  });

  it('keeps agent text literal: markdown, mentions and DATE functions only ever in TextRuns', () => {
    const hostile = '**bold** [click](https://evil.example) <at>everyone</at> {{DATE(2030-01-01T00:00:00Z, SHORT)}}';
    const c = card({ ...request, command: hostile, identity: { name: hostile, groups: [] }, reasons: [hostile], impact: hostile });
    for (const t of textsOf(c, 'TextBlock')) expect(t).not.toContain('evil');
    expect(textsOf(c, 'TextRun')).toContain(hostile);
    expect(c.msteams?.entities).toBeUndefined();
  });

  it('fits any statement, reason or name within the message size, saying when the statement was cut', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('"', '\\', '<', 'a', '\n', '\u0000', '😀'), maxLength: 3000 }));
    const huge = fc.oneof(text, fc.integer({ min: 8_000, max: 120_000 }).map((n) => '"\\<é😀\u0007\n'.repeat(Math.ceil(n / 7))));
    fc.assert(
      fc.property(huge, fc.array(text, { maxLength: 5 }), text, fc.constantFrom(...Object.values(inEveryState)), (command, reasons, name, base) => {
        const c = card({ ...base, command, reasons, identity: { name, groups: [name] }, impact: name });
        expect(cardBytes(c)).toBeLessThanOrEqual(MAX_CARD_BYTES);
        expect(problems(c)).toEqual([]);
        const shown = textsOf(c, 'TextRun').some((t) => t.startsWith('Statement shortened to fit the card'));
        expect(shown).toBe(!JSON.stringify(c).includes(JSON.stringify(command).slice(1, -1)));
      }),
      { numRuns: 60 },
    );
  });

  it('does not prefill a statement it had to cut, so a modification never starts from a fragment', () => {
    const long = `DELETE FROM users WHERE note <> '${'x'.repeat(20_000)}'`;
    const modify = JSON.stringify(card({ ...request, command: long }).actions![2]);
    expect(modify).not.toContain('"value"');
    expect(modify).toContain('The statement is too long to prefill');
  });

  it('answers a modification check with the diff, the verdict and a Run modified action carrying the checked text', () => {
    const check = modifyCheck(request.command, 'DELETE FROM public.users WHERE id = 7', { action: 'review', reasons: ['DELETE on public.users'], tables: [], kinds: [] });
    const c = approvalCard(cardModel(request, { now }), { review: { command: 'DELETE FROM public.users WHERE id = 7', reason: 'one row', check, checked: 'abc' } });
    expect(textsOf(c, 'TextRun')).toEqual(expect.arrayContaining(['- DELETE FROM public.users\n+ DELETE FROM public.users WHERE id = 7', '• DELETE on public.users']));
    expect(c.actions![0]).toMatchObject({ verb: RUN_MODIFIED_VERB, data: { requestId: request.id, command: 'DELETE FROM public.users WHERE id = 7', modifyReason: 'one row', checked: 'abc' } });
    expect(problems(c)).toEqual([]);
  });
});

describe('Teams replies, summaries and digests', () => {
  it('raises on-call with a mention entity whose <at> text is in the card, and keeps the reply literal', () => {
    const c = replyCard('<at>x</at> expired', { id: 'tag-1', name: 'SRE <on call>', type: 'tag' });
    expect(textsOf(c, 'TextBlock')).toEqual(['<at>SRE on call</at>']);
    expect(textsOf(c, 'TextRun')).toEqual(['<at>x</at> expired']);
    expect(c.msteams?.entities).toEqual([{ type: 'mention', text: '<at>SRE on call</at>', mentioned: { id: 'tag-1', name: 'SRE <on call>', type: 'tag' } }]);
    expect(problems(c)).toEqual([]);
    expect(replyCard('plain').msteams?.entities).toBeUndefined();
  });

  it('summarises a session and renders a digest, both as cards Teams takes', () => {
    const summary = summaryCard({
      sessionId: 'ses_1',
      gateway: 'gw-1',
      identity: 'devin',
      connection: 'prod-db',
      protocol: 'postgres',
      startedAt: new Date('2030-01-01T12:00:00Z'),
      endedAt: new Date('2030-01-01T12:04:10Z'),
      reason: 'client disconnected',
      counts: { ran: 12, approved: 3, modified: 0, denied: 1, expired: 0, refused: 2, maskedFields: 5 },
      masked: { EMAIL: 5 },
      riskiest: { text: 'DROP TABLE users', action: 'deny', reasons: ['DROP TABLE users'] },
    });
    expect(textsOf(summary, 'TextRun')).toEqual(expect.arrayContaining(['devin on prod-db (postgres) ended after 4m 10s: client disconnected', '12 statements ran (3 approved); 1 denied; 0 expired; 2 refused; 5 masked fields (EMAIL 5)', 'Riskiest (deny — DROP TABLE users): DROP TABLE users']));
    expect(problems(summary)).toEqual([]);
  });

  it('puts the digest text in monospace and says when the audit chain is broken', () => {
    const digest: Parameters<typeof digestCard>[0] = {
      day: { date: '2030-01-01', timeZone: 'UTC', start: '2030-01-01T00:00:00Z', end: '2030-01-02T00:00:00Z' },
      totals: { sessions: 2, statements: 10, refused: 1, held: 3, approved: 2, modified: 0, denied: 1, expired: 0, cancelled: 0, masked: 0 },
      decisionTime: { medianMs: 60_000, p90Ms: 120_000, decided: 3 },
      masked: {},
      chain: { ok: false, count: 41, broken: { chain: 'gw-1', seq: 42, reason: 'hash mismatch' } },
      agents: [{ name: 'devin', sessions: 2, statements: 10, refused: 1, held: 3 }],
      connections: [],
      slowest: [],
      topReasons: [{ reason: 'DELETE without WHERE', count: 2 }],
    };
    const c = digestCard(digest);
    const runs = textsOf(c, 'TextRun');
    expect(runs[0]).toBe('Airlock digest for 2030-01-01 (UTC)');
    expect(runs).toContain('Audit chain BROKEN at gw-1 seq 42');
    expect(runs[1]).toContain('agent  sessions  ran  refused  held\ndevin         2   10        1     3');
    expect(runs[1]).toContain('2 × DELETE without WHERE');
    expect(problems(c)).toEqual([]);
  });
});
