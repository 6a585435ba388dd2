import { describe, expect, it } from 'vitest';
import { OutboundChunkBuffer, wireBytesFor, wireMillisecondsOf } from './telnyx-outbound-chunks.js';

const PCMU_8K = { encoding: 'PCMU', sampleRate: 8000, channels: 1 } as const;

function bytes(length: number, first: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (first + index) % 256);
}

describe('OutboundChunkBuffer', () => {
  it('passes chunks of 20 ms or more through without copying', () => {
    const buffer = new OutboundChunkBuffer(PCMU_8K);
    const chunk = bytes(320, 0);
    expect(buffer.take(chunk)).toBe(chunk);
    expect(buffer.pendingBytes).toBe(0);
  });

  it('keeps shorter pieces and sends them in front of the next audio, losing nothing', () => {
    const buffer = new OutboundChunkBuffer(PCMU_8K);
    expect(buffer.take(bytes(80, 0))).toBeUndefined();
    expect(buffer.take(bytes(40, 80))).toBeUndefined();
    expect(buffer.pendingBytes).toBe(120);
    const sent = buffer.take(bytes(160, 120));
    expect(sent).toEqual(bytes(280, 0));
    expect(buffer.pendingBytes).toBe(0);
  });

  it('drops the kept piece on clear', () => {
    const buffer = new OutboundChunkBuffer(PCMU_8K);
    buffer.take(bytes(100, 0));
    buffer.clear();
    expect(buffer.take(bytes(100, 7))).toBeUndefined();
    expect(buffer.take(bytes(60, 107))).toEqual(bytes(160, 7));
  });

  it('sizes 20 ms and 30 s by the bot audio format', () => {
    expect(new OutboundChunkBuffer(PCMU_8K).minimumChunkBytes).toBe(160);
    const l16 = { encoding: 'L16', sampleRate: 16000, channels: 1 } as const;
    expect(new OutboundChunkBuffer(l16).minimumChunkBytes).toBe(640);
    expect(new OutboundChunkBuffer(l16).maximumChunkBytes).toBe(960_000);
    expect(wireBytesFor({ encoding: 'L16', sampleRate: 22050, channels: 1 }, 20)).toBe(882);
    expect(wireMillisecondsOf(l16, 640)).toBe(20);
  });
});
