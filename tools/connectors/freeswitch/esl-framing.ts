import { FramingError } from '../core/errors.js';
import { HeaderBlock } from '../core/header-block.js';

/** 64 KiB of headers, 16 MiB of body: an event with every variable is a few tens of KiB. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** One ESL message: its envelope headers (Content-Type, Reply-Text, …) and, with Content-Length, its body. */
export interface EslMessage {
  headers: HeaderBlock;
  body?: Buffer;
}

/**
 * The Event Socket's framing (mod_event_socket): LF-ended `Key: Value` headers, an empty line, then — when
 * Content-Length is present — exactly that many bytes of body. Lengths count bytes, so the framer works on
 * Buffers: a multi-byte character split across chunks is never cut.
 */
export class EslFramer {
  private buf: Buffer = Buffer.alloc(0);
  private headers: HeaderBlock | null = null;
  private need = 0;

  push(chunk: Buffer): EslMessage[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: EslMessage[] = [];
    for (;;) {
      if (this.headers) {
        if (this.buf.length < this.need) break;
        out.push({ headers: this.headers, body: this.buf.subarray(0, this.need) });
        this.buf = this.buf.subarray(this.need);
        this.headers = null;
        continue;
      }
      // Empty lines between messages are tolerated: skip them.
      while (this.buf[0] === 0x0a) this.buf = this.buf.subarray(1);
      const end = this.buf.indexOf('\n\n');
      if (end < 0) {
        if (this.buf.length > MAX_HEADER_BYTES) throw new FramingError(`ESL headers longer than ${MAX_HEADER_BYTES} bytes`);
        break;
      }
      const headers = parseHeaderLines(this.buf.subarray(0, end).toString('utf8'), false);
      this.buf = this.buf.subarray(end + 2);
      const length = headers.get('Content-Length');
      if (length === undefined) {
        out.push({ headers });
        continue;
      }
      const n = Number(length);
      if (!Number.isInteger(n) || n < 0 || n > MAX_BODY_BYTES) throw new FramingError(`ESL Content-Length ${length} is not a length`);
      this.headers = headers;
      this.need = n;
    }
    return out;
  }
}

/**
 * The body of a `text/event-plain` message: the event's headers, URL-encoded by FreeSWITCH, and, after an
 * empty line, the event's own body (its Content-Length, e.g. a BACKGROUND_JOB's output).
 */
export function parseEventPlain(body: Buffer | string): HeaderBlock {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const rest = split < 0 ? undefined : text.slice(split + 2);
  const block = parseHeaderLines(head, true);
  return rest === undefined || rest === '' ? block : new HeaderBlock(block.fields, rest);
}

function parseHeaderLines(text: string, urlEncoded: boolean): HeaderBlock {
  const fields: [string, string][] = [];
  for (const line of text.split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l === '') continue;
    const colon = l.indexOf(':');
    if (colon < 0) {
      fields.push(['', l]);
      continue;
    }
    const raw = l.slice(colon + 1).replace(/^ /, '');
    fields.push([l.slice(0, colon), urlEncoded ? decode(raw) : raw]);
  }
  return new HeaderBlock(fields);
}

/** FreeSWITCH's URL encoding; a value that is not valid percent-encoding is kept as sent rather than lost. */
function decode(v: string): string {
  if (!v.includes('%')) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** A text/event-plain message as FreeSWITCH writes it, for the test server and for docs examples. */
export function eventPlainMessage(fields: readonly (readonly [string, string])[]): Buffer {
  const body = Buffer.from(`${fields.map(([k, v]) => `${k}: ${encodeURIComponent(v)}`).join('\n')}\n\n`, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\nContent-Type: text/event-plain\n\n`), body]);
}
