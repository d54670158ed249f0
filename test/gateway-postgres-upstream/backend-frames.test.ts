import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameBuffer, type BackendFrame } from '../../src/gateway/postgres/upstream/backend-frames.js';
import { backendMessage } from './scripted-server.js';

const LIMIT = 1024;

describe('FrameBuffer', () => {
  it('yields the same messages and the same unread tail however the stream is chunked', () => {
    const message = fc.record({ type: fc.constantFrom('R', 'S', 'K', 'Z', 'N', 'E'), body: fc.uint8Array({ maxLength: 200 }) });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), fc.uint8Array({ maxLength: 4 }), fc.array(fc.nat(), { maxLength: 10 }), (messages, tail, cuts) => {
        const stream = Buffer.concat([...messages.map((m) => backendMessage(m.type, Buffer.from(m.body))), Buffer.from(tail)]);
        const frames = new FrameBuffer(LIMIT);
        const seen: BackendFrame[] = [];
        let offset = 0;
        for (const cut of [...cuts.map((c) => c % (stream.length + 1)).sort((a, b) => a - b), stream.length]) {
          frames.push(stream.subarray(offset, Math.max(offset, cut)));
          offset = Math.max(offset, cut);
          for (let f = frames.take(); f; f = frames.take()) seen.push(f);
        }
        expect(seen.map((f) => ({ type: f.type, body: new Uint8Array(f.body) }))).toEqual(messages.map((m) => ({ type: m.type, body: m.body })));
        expect(frames.rest()).toEqual(Buffer.from(tail));
      }),
    );
  });

  it('stops at the message asked for, leaving the next one unread', () => {
    const frames = new FrameBuffer(LIMIT);
    const next = backendMessage('D', Buffer.from('row'));
    frames.push(Buffer.concat([backendMessage('Z', Buffer.from('I')), next]));
    expect(frames.take()?.type).toBe('Z');
    expect(frames.rest()).toEqual(next);
  });

  it('refuses a length word above the limit as soon as it is seen', () => {
    const head = Buffer.from([0x52, 0, 0, 0x10, 0]);
    expect(() => new FrameBuffer(LIMIT).push(head)).toThrow(/oversized message during login \(4096 bytes, limit 1024\)/);
  });

  it('refuses a flood of small messages nobody asked for', () => {
    const frames = new FrameBuffer(LIMIT);
    const notice = backendMessage('N', Buffer.alloc(100));
    expect(() => {
      for (let i = 0; i < 100; i++) frames.push(notice);
    }).toThrow(/without waiting for the gateway/);
  });
});
