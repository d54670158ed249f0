import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrontendFramer, type Frame } from '../../src/gateway/postgres/wire/frontend-framer.js';
import { cstringBody, decodeBind, decodeExecute, decodeParse, decodeStartupPacket, decodeTarget } from '../../src/gateway/postgres/wire/frontend-messages.js';
import { ProtocolViolation } from '../../src/gateway/postgres/wire/protocol-error.js';

const LIMIT = 1 << 16;

function msg(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type.charCodeAt(0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const cstr = (s: string) => Buffer.from(s + '\0');
const i16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };

/** Well-formed client messages of every kind the session decodes. */
const validMessage = fc.oneof(
  fc.string().filter((s) => !s.includes('\0')).map((sql) => msg('Q', cstr(sql))),
  fc.tuple(fc.string({ maxLength: 8 }), fc.string()).filter(([a, b]) => !a.includes('\0') && !b.includes('\0'))
    .map(([name, sql]) => msg('P', Buffer.concat([cstr(name), cstr(sql), i16(0)]))),
  fc.array(fc.option(fc.string({ maxLength: 20 }), { nil: null }), { maxLength: 4 }).map((vals) =>
    msg('B', Buffer.concat([cstr(''), cstr(''), i16(0), i16(vals.length),
      ...vals.map((v) => (v === null ? i32(-1) : Buffer.concat([i32(Buffer.byteLength(v)), Buffer.from(v)]))), i16(0)]))),
  fc.constantFrom('S', 'P').map((t) => msg('D', Buffer.concat([Buffer.from(t), cstr('x')]))),
  fc.integer({ min: 0, max: 1000 }).map((n) => msg('E', Buffer.concat([cstr(''), i32(n)]))),
  fc.constant(msg('S', Buffer.alloc(0))),
  fc.constant(msg('H', Buffer.alloc(0))),
);

/** Runs every decoder the session would run on a frame; only ProtocolViolation may escape. */
function decode(f: Frame): void {
  switch (String.fromCharCode(f.type)) {
    case 'Q': cstringBody(f.body, 'Query'); break;
    case 'P': decodeParse(f.body); break;
    case 'B': decodeBind(f.body); break;
    case 'D': decodeTarget(f.body, 'Describe'); break;
    case 'C': decodeTarget(f.body, 'Close'); break;
    case 'E': decodeExecute(f.body); break;
    case 'p': cstringBody(f.body, 'PasswordMessage'); break;
    default: break;
  }
}

function feed(bytes: Buffer, cuts: number[]): { frames: Frame[]; error?: unknown } {
  const framer = new FrontendFramer(LIMIT);
  framer.startup = false;
  const frames: Frame[] = [];
  let pos = 0;
  try {
    for (const cut of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
      const chunk = bytes.subarray(pos, Math.max(pos, cut));
      pos = Math.max(pos, cut);
      for (const f of framer.push(chunk)) {
        decode(f);
        frames.push(f);
      }
    }
    return { frames };
  } catch (error) {
    return { frames, error };
  }
}

describe('frontend parser under random and mutated input', () => {
  it('frames the same messages however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(validMessage, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (msgs, cuts) => {
        const bytes = Buffer.concat(msgs);
        const { frames, error } = feed(bytes, cuts);
        expect(error).toBeUndefined();
        expect(frames.map((f) => f.raw.toString('hex'))).toEqual(msgs.map((m) => m.toString('hex')));
      }),
    );
  });

  it('rejects random bytes and mutated frames only with a ProtocolViolation', () => {
    const mutated = fc.tuple(fc.array(validMessage, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }))
      .map(([msgs, flips]) => {
        const b = Buffer.concat(msgs);
        for (const [at, v] of flips) b[at % b.length] = v;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), mutated), fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
        const { error } = feed(bytes, cuts);
        if (error !== undefined) expect(error).toBeInstanceOf(ProtocolViolation);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a length field beyond the limit before buffering the body', () => {
    const framer = new FrontendFramer(LIMIT);
    framer.startup = false;
    const claim = Buffer.concat([Buffer.from('Q'), i32(1 << 30)]);
    expect(() => framer.push(claim)).toThrow(/exceeds the gateway's limit/);
  });

  it('decodes startup packets or rejects them with a ProtocolViolation', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 64 }), (a) => {
        try {
          decodeStartupPacket(Buffer.from(a));
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolViolation);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
