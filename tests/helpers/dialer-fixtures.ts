import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AmiFramer } from '../../tools/connectors/asterisk/ami-framing.js';
import type { HeaderBlock } from '../../tools/connectors/core/header-block.js';
import { parseEventPlain } from '../../tools/connectors/freeswitch/esl-framing.js';

const DIR = path.resolve(import.meta.dirname, '../fixtures/dialers');

/** A fixture's stream: the file without its leading `#` header (which names the source and licence). */
export function fixtureText(name: string): string {
  const lines = readFileSync(path.join(DIR, name), 'utf8').split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('#')) i++;
  return lines.slice(i).join('\n');
}

/** An AMI fixture as on the wire: CRLF line ends, an empty line after every message. */
export function amiWire(name: string): string {
  const text = fixtureText(name).replace(/\n+$/, '');
  return `${text.replace(/\n/g, '\r\n')}\r\n\r\n`;
}

/** An AMI fixture's messages, each as its own wire text (what a fake server sends one by one). */
export function amiMessages(name: string): string[] {
  return fixtureText(name)
    .split(/\n\n+/)
    .map((m) => m.trim())
    .filter(Boolean)
    .map((m) => `${m.replace(/\n/g, '\r\n')}\r\n\r\n`);
}

export function amiBlocks(name: string): HeaderBlock[] {
  const framer = new AmiFramer({ expectBanner: false });
  return framer.push(amiWire(name)).flatMap((f) => (f.kind === 'message' ? [f.block] : []));
}

/** An ESL fixture's events, each the body of a text/event-plain message (URL-encoded values, as on the wire). */
export function eslBodies(name: string): string[] {
  return fixtureText(name)
    .split(/\n\n+/)
    .map((m) => m.trim())
    .filter(Boolean)
    .map((m) => `${m}\n\n`);
}

export function eslBlocks(name: string): HeaderBlock[] {
  return eslBodies(name).map((b) => parseEventPlain(b));
}
