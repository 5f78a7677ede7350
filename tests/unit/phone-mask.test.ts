import type { CallEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { makePhoneMasker } from '../../server/src/ingest/phone-mask.js';

/** A stand-in for the keyed token (phone-hash.ts): visible here, so the test can say which number became which. */
const token = (e164: string) => `tel_${e164.slice(1)}`;
const mask = makePhoneMasker({ region: 'CN', token });

describe('masking phone numbers in free text', () => {
  it('keeps only the last 4 digits of each number', () => {
    expect(mask.text('请回电 13800001234')).toBe('请回电 [phone …1234]');
    expect(mask.text('call +86 139-1000-0001 or (+86) 139 1000 0002, thanks')).toBe('call [phone …0001] or [phone …0002], thanks');
    expect(mask.text('customer at 008613800001234 and +1 (415) 555-0100')).toBe('customer at [phone …1234] and [phone …0100]');
    expect(mask.text('全角 １３８００００１２３４')).toBe('全角 [phone …1234]');
  });

  it.each([
    'agent 8001 needs help',
    'since 1764574200000 on line 42',
    'ticket 123456, order 2026112001, room 1208',
    'call back at 14:30 on 2026-11-20',
    'amount 331010.13967047055',
  ])('leaves ordinary numbers alone: %s', (text) => {
    expect(mask.text(text)).toBe(text);
  });
});

describe('masking phone numbers in ids', () => {
  it('replaces the number by its token, whatever its spelling', () => {
    expect(mask.id('call-13800001234')).toBe('call-tel_8613800001234');
    expect(mask.id('call-+8613800001234')).toBe(mask.id('call-13800001234'));
    expect(mask.id('13800001234')).toBe('tel_8613800001234');
    expect(mask.id('call-13800001234')).not.toBe(mask.id('call-13800001235'));
  });

  it('finds a number glued to letters: an id is not prose', () => {
    expect(mask.id('call13800001234')).toBe('calltel_8613800001234');
    expect(mask.id('CN+8613800001234end')).toBe('CNtel_8613800001234end');
  });

  it.each([
    '8001',
    'a8001',
    'agent-8001',
    '1764574200000',
    'evt-1764574200000',
    'c-123456',
    'id-2595595',
    'm-c1234567',
    'north',
    '550e8400-e29b-41d4-a716-446655440000',
  ])('leaves %s alone', (id) => expect(mask.id(id)).toBe(id));

  it('masks the ids and the message of an event, and nothing else', () => {
    const help: CallEvent = {
      id: 'help-13800001234',
      type: 'help.requested',
      ts: 1764574200000,
      teamId: 'north',
      agentId: 'n-13900000001',
      campaignId: 'c13800001234x',
      message: '请回电 13800001234',
    };
    expect(mask.event(help)).toEqual({
      ...help,
      id: 'help-tel_8613800001234',
      agentId: 'n-tel_8613900000001',
      campaignId: 'ctel_8613800001234x',
      message: '请回电 [phone …1234]',
    });
    const dial: CallEvent = {
      id: 'd-8001',
      type: 'call.dialed',
      ts: 1764574200000,
      teamId: 't',
      agentId: 'a',
      callId: 'call-13800001234',
      channel: 'human',
      phone: '+8613800001234',
    };
    expect(mask.event(dial)).toEqual({ ...dial, callId: 'call-tel_8613800001234' });
    const flag: CallEvent = {
      id: 'f1',
      type: 'compliance.flag',
      ts: 1764574200000,
      teamId: 't',
      agentId: 'a',
      callId: 'c1',
      rule: 'complaint-13800001234',
      severity: 'violation',
    };
    expect(mask.event(flag)).toEqual({ ...flag, rule: 'complaint-tel_8613800001234' });
    const plain: CallEvent = { id: 'e1', type: 'call.answered', ts: 1764574200000, teamId: 't', agentId: 'a', callId: 'c1' };
    expect(mask.event(plain)).toBe(plain);
  });
});
