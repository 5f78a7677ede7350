import { describe, expect, it } from 'vitest';
import { FramingError } from '../../tools/connectors/core/errors.js';
import { EslFramer, eventPlainMessage, parseEventPlain } from '../../tools/connectors/freeswitch/esl-framing.js';
import { eslBlocks, eslBodies } from '../helpers/dialer-fixtures.js';

describe('the ESL framer', () => {
  it('reads the recorded CHANNEL_ANSWER: URL-encoded values decoded', () => {
    const [b] = eslBlocks('esl-cgrates-answer.esl');
    expect(b!.get('Event-Name')).toBe('CHANNEL_ANSWER');
    expect(b!.get('Event-Date-Local')).toBe('2014-04-08 21:10:27');
    expect(b!.get('Channel-Name')).toBe('sofia/internal/1001@192.168.56.74');
    expect(b!.get('variable_ringback')).toBe('%(2000,4000,440,480)');
    expect(b!.get('FreeSWITCH-IPv6')).toBe('::1');
  });

  it('frames messages by Content-Length in bytes, whatever the chunking, multi-byte characters included', () => {
    const bodies = eslBodies('esl-libresbc-hangup-complete.esl');
    const wire = Buffer.concat([
      Buffer.from('Content-Type: auth/request\n\n'),
      Buffer.from('Content-Type: command/reply\nReply-Text: +OK accepted\n\n'),
      ...bodies.map((b) =>
        Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(b)}\nContent-Type: text/event-plain\n\n`), Buffer.from(b)]),
      ),
      eventPlainMessage([
        ['Event-Name', 'CUSTOM'],
        ['CC-Agent', 'Zoë@default'],
      ]),
    ]);
    const whole = new EslFramer().push(wire);
    const byByte = new EslFramer();
    const pieces = [];
    for (let i = 0; i < wire.length; i++) pieces.push(...byByte.push(wire.subarray(i, i + 1)));
    expect(pieces.map((m) => [m.headers.fields, m.body?.toString()])).toEqual(whole.map((m) => [m.headers.fields, m.body?.toString()]));
    expect(whole.map((m) => m.headers.get('Content-Type'))).toEqual([
      'auth/request',
      'command/reply',
      'text/event-plain',
      'text/event-plain',
      'text/event-plain',
    ]);
    const events = whole.slice(2).map((m) => parseEventPlain(m.body!));
    expect(events.map((e) => e.get('Unique-ID') ?? e.get('CC-Agent'))).toEqual([
      'b1072f22-cdab-42c2-bea1-a3f3730098e5',
      '88b4673b-ad2c-4e8b-8fd6-4ad10aeb9ab0',
      'Zoë@default',
    ]);
    expect(events[1]!.get('variable_caller_id')).toBe('"Donald Trump" <33123456789>');
  });

  it('keeps an event body after its headers (a BACKGROUND_JOB result)', () => {
    const b = parseEventPlain('Event-Name: BACKGROUND_JOB\nContent-Length: 4\n\n+OK\n');
    expect(b.get('Event-Name')).toBe('BACKGROUND_JOB');
    expect(b.body).toBe('+OK\n');
  });

  it('refuses a Content-Length that is not a length', () => {
    expect(() => new EslFramer().push(Buffer.from('Content-Length: -3\n\n'))).toThrow(FramingError);
  });
});
