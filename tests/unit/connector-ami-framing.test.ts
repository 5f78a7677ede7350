import { describe, expect, it } from 'vitest';
import { type AmiFrame, AmiFramer } from '../../tools/connectors/asterisk/ami-framing.js';
import { FramingError } from '../../tools/connectors/core/errors.js';
import { amiWire } from '../helpers/dialer-fixtures.js';

const events = (frames: AmiFrame[]) => frames.flatMap((f) => (f.kind === 'message' && f.block.get('Event') ? [f.block.get('Event')] : []));

describe('the AMI framer', () => {
  it('reads the events-stream fixture: four events, the Follows output with its empty line, the responses and the action', () => {
    const frames = new AmiFramer({ expectBanner: false }).push(amiWire('ami-parser-edge.ami'));
    expect(events(frames)).toEqual(['HangupRequest', 'Hangup', 'HangupRequest', 'HangupRequest']);
    const blocks = frames.flatMap((f) => (f.kind === 'message' ? [f.block] : []));
    const follows = blocks.filter((b) => b.get('Response') === 'Follows');
    expect(follows.map((b) => b.body)).toEqual([
      'first extended response, row 1\nfirst extended response, row 2\n\nfirst extended response, row 3',
      'second extended response, row 1',
    ]);
    expect(blocks.filter((b) => b.get('Response') === 'Success').map((b) => b.get('Value'))).toEqual(['1254']);
    expect(blocks.some((b) => b.get('Response') === 'Pong')).toBe(true);
    expect(blocks.some((b) => b.get('Action') === 'Ping')).toBe(true);
    // The key-less lines are kept (an empty key), not dropped unseen, and make no event.
    expect(blocks.some((b) => b.fields.some(([k, v]) => k === '' && v === 'row 1 of extended response'))).toBe(true);
    // "AccountCode:" with nothing after the colon is a field with an empty value.
    expect(blocks.find((b) => b.get('Event') === 'Hangup')!.get('AccountCode')).toBe('');
  });

  it('gives the same messages whatever the chunking, one byte at a time or split inside a CRLF', () => {
    const wire = amiWire('ami-13-answered-outbound.ami');
    const whole = new AmiFramer({ expectBanner: false }).push(wire);
    const byByte = new AmiFramer({ expectBanner: false });
    const frames: AmiFrame[] = [];
    for (const ch of wire) frames.push(...byByte.push(ch));
    expect(frames).toEqual(whole);
    expect(events(whole)).toHaveLength(21);
    expect(events(whole).filter((e) => e === 'DialBegin')).toHaveLength(1);
  });

  it('reads the banner once, then messages; keys are matched without case and repeated keys kept in order', () => {
    const framer = new AmiFramer();
    const frames = framer.push(
      'Asterisk Call Manager/5.0.1\r\nEvent: Newchannel\r\nchanvariable: A=1\r\nChanVariable: B=2\r\nUNIQUEID: 1.2\r\n\r\n',
    );
    expect(frames[0]).toEqual({ kind: 'banner', text: 'Asterisk Call Manager/5.0.1' });
    const block = frames[1]!.kind === 'message' ? frames[1]!.block : null;
    expect(block?.get('Uniqueid')).toBe('1.2');
    expect(block?.all('ChanVariable')).toEqual(['A=1', 'B=2']);
  });

  it('a value keeps its own colons: only the first ": " separates', () => {
    const [f] = new AmiFramer({ expectBanner: false }).push('Event: UserEvent\nData: a: b: c\n\n');
    expect(f?.kind === 'message' && f.block.get('Data')).toBe('a: b: c');
  });

  it('refuses a line longer than any real one instead of buffering without end', () => {
    expect(() => new AmiFramer({ expectBanner: false }).push('x'.repeat(70_000))).toThrow(FramingError);
  });
});
