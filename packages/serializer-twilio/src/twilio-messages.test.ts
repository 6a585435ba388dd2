import { isMessageRejectedError, MessageRejectedError } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import {
  editedFixture,
  FIXTURE_ACCOUNT_SID,
  FIXTURE_CALL_SID,
  FIXTURE_STREAM_SID,
  fixtureText,
} from './__fixtures__/fixtures.js';
import { parseTwilioMessage } from './twilio-messages.js';

function rejection(data: string | Uint8Array): MessageRejectedError {
  try {
    parseTwilioMessage(data);
  } catch (error) {
    if (error instanceof MessageRejectedError) return error;
    throw error;
  }
  throw new Error(`accepted: ${String(data)}`);
}

describe('parseTwilioMessage: the documented messages', () => {
  it('reads connected', () => {
    expect(parseTwilioMessage(fixtureText('connected.json'))).toEqual({
      event: 'connected',
      protocol: 'Call',
      version: '1.0.0',
    });
  });

  it('reads start with its ids, tracks, media format and custom parameters', () => {
    expect(parseTwilioMessage(fixtureText('start.json'))).toEqual({
      event: 'start',
      streamSid: FIXTURE_STREAM_SID,
      accountSid: FIXTURE_ACCOUNT_SID,
      callSid: FIXTURE_CALL_SID,
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: { FirstName: 'Jane', LastName: 'Doe', RemoteParty: 'Bob' },
    });
  });

  it('reads media, dtmf, mark and stop', () => {
    expect(parseTwilioMessage(fixtureText('media.json'))).toEqual({
      event: 'media',
      streamSid: FIXTURE_STREAM_SID,
      track: 'inbound',
      payload: 'no+JhoaJjpzS...',
      timestampMs: 5,
    });
    expect(parseTwilioMessage(fixtureText('dtmf.json'))).toEqual({
      event: 'dtmf',
      streamSid: FIXTURE_STREAM_SID,
      digit: '1',
    });
    expect(parseTwilioMessage(fixtureText('mark.json'))).toEqual({
      event: 'mark',
      streamSid: FIXTURE_STREAM_SID,
      name: 'my label',
    });
    expect(parseTwilioMessage(fixtureText('stop.json'))).toEqual({
      event: 'stop',
      streamSid: FIXTURE_STREAM_SID,
      callSid: FIXTURE_CALL_SID,
    });
  });
});

describe('parseTwilioMessage: refusals name the field or value', () => {
  it.each([
    ['a binary frame', new Uint8Array([1, 2]), 'binary-message', '2 bytes'],
    ['text that is not JSON', '{"event":', 'invalid-json', '{"event":'],
    ['JSON that is not an object', '[1]', 'invalid-message', 'not a JSON object'],
    ['a message without event', '{"streamSid":"MZ1"}', 'invalid-message', '"event"'],
    ['an unknown event', '{"event":"hello","streamSid":"MZ1"}', 'unknown-event', '"hello"'],
    [
      'a connected without protocol',
      '{"event":"connected","version":"1.0.0"}',
      'invalid-message',
      '"protocol"',
    ],
    [
      'media without streamSid',
      '{"event":"media","media":{"payload":""}}',
      'invalid-message',
      '"streamSid"',
    ],
  ] as const)('refuses %s', (_name, data, kind, reasonPart) => {
    const error = rejection(data);
    expect(error.kind).toBe(kind);
    expect(error.reason).toContain(reasonPart);
  });

  it('refuses a start whose media format is not μ-law 8 kHz mono, naming the format', () => {
    const alaw = rejection(
      editedFixture('start.json', (message) => {
        (message.start as { mediaFormat: { encoding: string } }).mediaFormat.encoding =
          'audio/x-alaw';
      }),
    );
    expect(alaw.kind).toBe('unsupported-codec');
    expect(alaw.reason).toContain('"audio/x-alaw" at 8000 Hz, 1 channel(s)');
    const wideband = rejection(
      editedFixture('start.json', (message) => {
        (message.start as { mediaFormat: { sampleRate: number } }).mediaFormat.sampleRate = 16000;
      }),
    );
    expect(wideband.reason).toContain('at 16000 Hz');
    const stereo = rejection(
      editedFixture('start.json', (message) => {
        (message.start as { mediaFormat: { channels: number } }).mediaFormat.channels = 2;
      }),
    );
    expect(stereo.reason).toContain('2 channel(s)');
  });

  it('refuses a start whose two stream SIDs differ', () => {
    const error = rejection(
      editedFixture('start.json', (message) => {
        message.streamSid = 'MZother';
      }),
    );
    expect(error.kind).toBe('stream-mismatch');
    expect(error.reason).toContain('"MZother"');
  });

  it.each([
    [
      'start.callSid',
      (message: Record<string, unknown>) =>
        delete (message.start as Record<string, unknown>).callSid,
    ],
    [
      'start.accountSid',
      (message: Record<string, unknown>) => {
        (message.start as Record<string, unknown>).accountSid = 7;
      },
    ],
    [
      'start.tracks',
      (message: Record<string, unknown>) => {
        (message.start as Record<string, unknown>).tracks = 'inbound';
      },
    ],
    [
      'start.customParameters',
      (message: Record<string, unknown>) => {
        (message.start as Record<string, unknown>).customParameters = ['x'];
      },
    ],
    [
      'start.mediaFormat',
      (message: Record<string, unknown>) =>
        delete (message.start as Record<string, unknown>).mediaFormat,
    ],
  ])('refuses a start with a bad %s', (field, edit) => {
    const error = rejection(editedFixture('start.json', edit));
    expect(error.kind).toBe('invalid-message');
    expect(error.reason).toContain(`"${field}`);
  });

  it('refuses a DTMF digit outside 0-9 * #, naming it', () => {
    for (const digit of ['A', '10', '', 1, null]) {
      const error = rejection(
        editedFixture('dtmf.json', (message) => {
          (message.dtmf as { digit: unknown }).digit = digit;
        }),
      );
      expect(error.kind).toBe('invalid-dtmf');
      expect(error.reason).toContain(JSON.stringify(digit));
    }
  });

  it('refuses media with an unknown track or no payload, and a mark without a name', () => {
    expect(
      rejection(
        editedFixture('media.json', (message) => {
          (message.media as { track: string }).track = 'both';
        }),
      ).reason,
    ).toContain('"both"');
    expect(
      rejection(
        editedFixture('media.json', (message) => {
          delete (message.media as { payload?: string }).payload;
        }),
      ).reason,
    ).toContain('"media.payload"');
    expect(
      rejection(
        editedFixture('mark.json', (message) => {
          message.mark = {};
        }),
      ).reason,
    ).toContain('"mark.name"');
  });

  it('throws nothing but MessageRejectedError, whatever the damage to a documented message', () => {
    const names = [
      'connected.json',
      'start.json',
      'media.json',
      'dtmf.json',
      'mark.json',
      'stop.json',
    ];
    const replacements: unknown[] = [null, 0, -1, '', 'x', [], {}, true, [null], { a: 1 }];
    let tried = 0;
    for (const name of names) {
      const original = JSON.parse(fixtureText(name)) as Record<string, unknown>;
      const paths = leafPaths(original);
      for (const path of paths) {
        for (const replacement of [...replacements, undefined]) {
          const text = editedFixture(name, (message) => setPath(message, path, replacement));
          tried++;
          try {
            parseTwilioMessage(text);
          } catch (error) {
            expect(isMessageRejectedError(error), `${name} ${path.join('.')}`).toBe(true);
          }
        }
      }
      const text = fixtureText(name);
      for (let cut = 0; cut < text.length; cut += 7) {
        tried++;
        try {
          parseTwilioMessage(text.slice(0, cut));
        } catch (error) {
          expect(isMessageRejectedError(error)).toBe(true);
        }
      }
    }
    expect(tried).toBeGreaterThan(300);
  });
});

function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const paths: string[][] = prefix.length > 0 ? [prefix] : [];
  for (const [key, child] of Object.entries(value))
    paths.push(...leafPaths(child, [...prefix, key]));
  return paths;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let current: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) current = current[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete current[last];
  else current[last] = value;
}
