import fc from 'fast-check';
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { cardModel } from '../../src/bot/card/card-model.js';
import { cardMessage, threadReply } from '../../src/bot/slack/blocks.js';
import { escapeMrkdwn } from '../../src/bot/slack/escape.js';
import type { Block } from '../../src/bot/slack/kit.js';
import { validateMessage, validateModal } from '../../src/bot/slack/limits.js';
import { denyModal, fullStatementModal, modifyModal } from '../../src/bot/slack/modals.js';
import type { ApprovalRequest } from '../../src/core/approval.js';
import { inEveryState, now, request } from './fixtures.js';

const ZWJ = '\u200D';
const card = (r: ApprovalRequest = request) => cardMessage(cardModel(r, { now }));
const buttons = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
/** Every mrkdwn string in the blocks, in order. */
const mrkdwnTexts = (blocks: Block[]): string[] =>
  blocks.flatMap((b) => {
    if (b.type === 'section') return 'fields' in b ? b.fields.map((f) => f.text) : [b.text.text];
    if (b.type === 'context') return b.elements.map((e) => e.text);
    return [];
  });

// Compile-time: what we build is what @slack/web-api accepts.
const asKnown: (b: Block[]) => types.KnownBlock[] = (b) => b;
const asView: (v: ReturnType<typeof denyModal>) => types.ModalView = (v) => v;
void asKnown;
void asView;

describe('cardMessage', () => {
  it('renders a pending card with header, facts, statement, state and buttons', () => {
    const m = card();
    expect(validateMessage(m.blocks, m.text)).toEqual([]);
    expect(m.text).toBe('Approval needed: DELETE public.users on prod-db: Waiting for approval');
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Approval needed: DELETE public.users on prod-db' } });
    expect(mrkdwnTexts(m.blocks)).toEqual([
      '*Agent*\ndevin (agents)',
      '*Connection*\nprod-db (postgres) via gw-1',
      '*Risk*\n• DELETE without WHERE on public.users',
      '*Impact*\n1,204 rows',
      '*Expires*\n<!date^1893499500^{date_short_pretty} {time}|2030-01-01T12:05:00.000Z>',
      '*Reviewers*\ndba',
      '*Request*\napr_abcdefghij',
      '```\nDELETE FROM public.users\n```',
      ':hourglass_flowing_sand: *Waiting for approval*',
    ]);
    expect(buttons(m.blocks)).toEqual([
      {
        type: 'button',
        action_id: 'airlock_approve',
        text: { type: 'plain_text', text: 'Approve' },
        style: 'primary',
        value: 'apr_abcdefghij',
        // A DELETE without WHERE: one tap on a phone is not enough.
        confirm: {
          title: { type: 'plain_text', text: 'Approve this statement?' },
          text: { type: 'plain_text', text: 'This runs DELETE without WHERE on public.users for devin.' },
          confirm: { type: 'plain_text', text: 'Approve' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'danger',
        },
      },
      { type: 'button', action_id: 'airlock_deny', text: { type: 'plain_text', text: 'Deny' }, style: 'danger', value: 'apr_abcdefghij' },
      { type: 'button', action_id: 'airlock_modify', text: { type: 'plain_text', text: 'Modify' }, value: 'apr_abcdefghij' },
    ]);
  });

  it('asks for no confirmation to approve a bounded statement', () => {
    const m = cardMessage(cardModel({ ...request, command: 'DELETE FROM public.users WHERE id = 7', reasons: ['DELETE on public.users'] }, { now }));
    expect(buttons(m.blocks).map((b) => 'confirm' in b)).toEqual([false, false, false]);
  });

  it('renders every state, with buttons only while pending', () => {
    const lines = Object.fromEntries(
      Object.entries(inEveryState).map(([state, r]) => {
        const m = card(r);
        expect(validateMessage(m.blocks, m.text), state).toEqual([]);
        expect(buttons(m.blocks).length > 0, state).toBe(state === 'pending');
        return [state, mrkdwnTexts(m.blocks).slice(-1)[0]];
      }),
    );
    const decided = '<!date^1893499320^{date_short_pretty} {time}|2030-01-01T12:02:00.000Z>';
    const ran = '<!date^1893499321^{date_short_pretty} {time}|2030-01-01T12:02:01.000Z>';
    expect(lines).toEqual({
      pending: ':hourglass_flowing_sand: *Waiting for approval*',
      approved: `:white_check_mark: *Approved by alice* · ${decided}`,
      denied: `:no_entry: *Denied by bob* · ${decided}\nReason: needs a WHERE`,
      modified: '*Runs instead:*\n```\nDELETE FROM public.users WHERE id = 7\n```',
      expired: ':alarm_clock: *Expired without a decision* · <!date^1893499500^{date_short_pretty} {time}|2030-01-01T12:05:00.000Z>',
      cancelled: `:heavy_multiplication_x: *Cancelled* · ${decided}\nReason: the agent disconnected`,
      executed: `:white_check_mark: *Approved by alice, then it ran* · ${ran}\nResult: DELETE 1204`,
      failed: `:x: *Approved by alice, then it failed* · ${ran}\nError: deadlock detected`,
    });
    expect(mrkdwnTexts(card(inEveryState.modified).blocks).at(-2)).toBe(`:pencil2: *Modified by carol* · ${decided}\nReason: one row only`);
  });

  it('cuts a 20,000-character statement to fit and offers the full statement', () => {
    const command = `SELECT ${'x'.repeat(19_993)}`;
    const m = card({ ...request, command });
    expect(validateMessage(m.blocks, m.text)).toEqual([]);
    const shown = mrkdwnTexts(m.blocks).find((t) => t.startsWith('```'));
    expect(shown).toMatch(/^```\nSELECT x+\n… \(truncated, 17\d\d\d more characters\)\n```$/);
    expect(shown?.length).toBeLessThanOrEqual(3000);
    const shownChars = (shown?.match(/x/g) ?? []).length + 'SELECT '.length;
    expect(shown).toContain(`(truncated, ${command.length - shownChars} more characters)`);
    expect(buttons(m.blocks).at(-1)).toEqual({
      type: 'button',
      action_id: 'airlock_view_statement',
      text: { type: 'plain_text', text: 'View full statement' },
      value: 'apr_abcdefghij',
    });
  });

  it('makes hostile agent text inert', () => {
    const hostile = '<!channel> <@U123> <https://evil|approved> &amp; ```';
    const escaped = `&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|approved&gt; &amp;amp; \`${ZWJ}\`${ZWJ}\``;
    const m = card({
      ...request,
      command: `${hostile}\n\`\`\`\n*approved*`,
      reasons: [hostile],
      identity: { name: hostile, groups: [] },
      impact: hostile,
      connection: hostile,
    });
    const texts = mrkdwnTexts(m.blocks);
    expect(texts).toContain(`*Agent*\n${escaped}`);
    expect(texts).toContain(`*Risk*\n• ${escaped}`);
    expect(texts).toContain(`*Impact*\n${escaped}`);
    expect(texts).toContain(`*Connection*\n${escaped} (postgres) via gw-1`);
    expect(texts).toContain(`\`\`\`\n${escaped}\n\`${ZWJ}\`${ZWJ}\`\n*approved*\n\`\`\``);
    expect(m.text).toBe(`Approval needed: COMMAND public.users on ${escaped}: Waiting for approval`);

    const denied = card({ ...inEveryState.denied, closed: { as: 'denied', at: now, by: hostile, reason: hostile } });
    expect(mrkdwnTexts(denied.blocks).at(-1)).toContain(`*Denied by ${escaped}* · `);
    expect(mrkdwnTexts(denied.blocks).at(-1)).toContain(`\nReason: ${escaped}`);
    const modified = card({ ...inEveryState.modified, closed: { as: 'modified', at: now, by: 'carol', command: hostile } });
    expect(mrkdwnTexts(modified.blocks)).toContain(`*Runs instead:*\n\`\`\`\n${escaped}\n\`\`\``);
  });

  it('escapes thread replies but keeps the configured mention', () => {
    expect(threadReply('<!channel> done & dusted', '<!subteam^S1>')).toEqual({ text: '<!subteam^S1> &lt;!channel&gt; done &amp; dusted' });
    expect(threadReply('plain')).toEqual({ text: 'plain' });
  });

  it('stays within limits and leaks no markup for any statement, reason or name', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('<', '>', '&', '`', 'a', '\n', '\u0000', '😀'), maxLength: 5000 }));
    const huge = fc.oneof(text, fc.integer({ min: 3000, max: 60_000 }).map((n) => '<&`>é😀\u0007'.repeat(Math.ceil(n / 8))));
    fc.assert(
      fc.property(huge, fc.array(text, { maxLength: 5 }), text, fc.constantFrom(...Object.values(inEveryState)), (command, reasons, name, base) => {
        const r: ApprovalRequest = {
          ...base,
          command,
          reasons,
          identity: { name, groups: [name] },
          impact: name,
          ...(base.closed && { closed: { ...base.closed, by: name, reason: name, ...(base.closed.command !== undefined && { command }) } }),
        };
        const m = card(r);
        expect(validateMessage(m.blocks, m.text)).toEqual([]);
        // Our own markup is only `<!date^…|ISO>`; with that removed, no raw `<`, `>` or bare `&` may remain.
        for (const t of [m.text, ...mrkdwnTexts(m.blocks)]) {
          const rest = t.replace(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[\d\-T:.Z]+>/g, '');
          expect(rest).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
          // Only our own fence pair: agent text never forms a ``` of its own.
          expect([0, 2]).toContain(rest.match(/```/g)?.length ?? 0);
        }
        for (const view of [fullStatementModal(r), denyModal(r), modifyModal(r)]) expect(validateModal(view)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('escapes exactly what Slack defines and breaks every backtick run', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn('`````')).toBe(['`', '`', '`', '`', '`'].join(ZWJ));
  });
});

describe('modals', () => {
  const long = { ...request, command: `SELECT ${'y'.repeat(19_993)}` };

  it('shows the full statement in ≤3000-character sections', () => {
    const view = fullStatementModal(long);
    expect(validateModal(view)).toEqual([]);
    expect(view.title.text).toBe('Full statement');
    const sections = mrkdwnTexts(view.blocks).slice(1);
    expect(sections.length).toBe(7);
    expect(sections.map((s) => s.slice(4, -4)).join('')).toBe(long.command);
  });

  it('cuts a statement too big even for a modal, with a marker', () => {
    const view = fullStatementModal({ ...request, command: 'z'.repeat(400_000) });
    expect(validateModal(view)).toEqual([]);
    expect(view.blocks).toHaveLength(100);
    expect(mrkdwnTexts(view.blocks).at(-1)).toMatch(/\n… \(truncated, \d+ more characters\)\n```$/);
  });

  it('asks for a required deny reason', () => {
    const view = denyModal(request);
    expect(validateModal(view)).toEqual([]);
    expect(view).toMatchObject({ callback_id: 'airlock_deny_modal', private_metadata: 'apr_abcdefghij', submit: { text: 'Deny' } });
    expect(view.blocks.at(-1)).toEqual({
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Why deny it? The agent is told.' },
      element: { type: 'plain_text_input', action_id: 'reason', multiline: true },
    });
  });

  it('prefills the replacement when Slack allows, and says so when it does not', () => {
    const short = modifyModal(request);
    expect(validateModal(short)).toEqual([]);
    expect(short).toMatchObject({ callback_id: 'airlock_modify_modal', private_metadata: 'apr_abcdefghij' });
    const input = (v: typeof short) => v.blocks.find((b) => b.type === 'input' && b.block_id === 'command');
    expect(input(short)).toMatchObject({ element: { initial_value: 'DELETE FROM public.users' } });

    const tooLong = modifyModal(long);
    expect(validateModal(tooLong)).toEqual([]);
    expect(input(tooLong)).not.toHaveProperty('element.initial_value');
    expect(mrkdwnTexts(tooLong.blocks)).toContain('The statement is 20000 characters, more than Slack can prefill (3000); type the replacement.');
  });
});
