import { FramingError } from '../core/errors.js';
import { HeaderBlock } from '../core/header-block.js';

/** 64 KiB: far longer than any real AMI line (a long SDP-free header); a longer one is a broken stream. */
const MAX_LINE = 64 * 1024;
/** 4,096 fields: a real event has at most a few hundred (ChanVariable lines included). */
const MAX_FIELDS = 4096;

/** What the framer read: the greeting line, or one message. */
export type AmiFrame = { kind: 'banner'; text: string } | { kind: 'message'; block: HeaderBlock };

/**
 * AMI's framing (AMI v2 specification, docs/connectors.md): `Key: Value` lines ended by CRLF (a lone LF is
 * accepted too), a message ended by an empty line; the first line of a connection is the banner
 * "Asterisk Call Manager/x.y.z". A `Response: Follows` message (the Command action, Asterisk ≤ 13) carries
 * free text, empty lines included, up to `--END COMMAND--`: kept as the block's body. Lines without a
 * colon outside such output are kept as fields with an empty key, so nothing read is dropped unseen.
 * Push chunks as they come off the socket; split points may fall anywhere, even inside a CRLF.
 */
export class AmiFramer {
  private pending = '';
  private fields: [string, string][] = [];
  private follows: string[] | null = null;
  private bannerSeen: boolean;

  constructor(opts: { expectBanner?: boolean } = {}) {
    this.bannerSeen = !(opts.expectBanner ?? true);
  }

  push(chunk: string): AmiFrame[] {
    const out: AmiFrame[] = [];
    this.pending += chunk;
    let start = 0;
    for (;;) {
      const nl = this.pending.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && this.pending[nl - 1] === '\r' ? nl - 1 : nl;
      this.line(this.pending.slice(start, end), out);
      start = nl + 1;
    }
    this.pending = this.pending.slice(start);
    if (this.pending.length > MAX_LINE) throw new FramingError(`an AMI line longer than ${MAX_LINE} bytes`);
    return out;
  }

  private line(text: string, out: AmiFrame[]): void {
    if (!this.bannerSeen) {
      this.bannerSeen = true;
      if (!text.includes(': ')) return void out.push({ kind: 'banner', text });
    }
    if (this.follows) {
      if (text === '--END COMMAND--') {
        const body = this.follows.join('\n');
        this.follows = null;
        this.emit(out, body);
      } else this.follows.push(text);
      return;
    }
    if (text === '') return this.emit(out);
    const colon = text.indexOf(':');
    const field: [string, string] = colon < 0 ? ['', text] : [text.slice(0, colon), text.slice(colon + 1).replace(/^ /, '')];
    this.fields.push(field);
    if (this.fields.length > MAX_FIELDS) throw new FramingError(`an AMI message with more than ${MAX_FIELDS} fields`);
    if (field[0].toLowerCase() === 'response' && field[1] === 'Follows') this.follows = [];
  }

  private emit(out: AmiFrame[], body?: string): void {
    if (this.fields.length === 0) return;
    out.push({ kind: 'message', block: new HeaderBlock(this.fields, body) });
    this.fields = [];
  }
}

/** One message in AMI's wire form (CRLF lines, an empty line at the end): what the client writes as an action. */
export function amiMessage(fields: readonly (readonly [string, string])[]): string {
  return `${fields.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}
