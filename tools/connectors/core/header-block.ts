/**
 * One message of a dialer's line protocol (AMI, ESL): its `Key: Value` fields in the order sent. Keys may
 * repeat (AMI's ChanVariable, an ESL `variable_…` set twice) and are matched without case, as both
 * protocols define them (AMI v2 specification: "Keys are case insensitive").
 */
export class HeaderBlock {
  private readonly index = new Map<string, string>();

  constructor(
    readonly fields: readonly (readonly [string, string])[],
    /** What followed the fields: AMI's `Response: Follows` output, an ESL message's body. */
    readonly body?: string,
  ) {
    // The first value wins: a repeated key is read through all(), never silently overwritten.
    for (const [k, v] of fields) if (!this.index.has(k.toLowerCase())) this.index.set(k.toLowerCase(), v);
  }

  get(name: string): string | undefined {
    return this.index.get(name.toLowerCase());
  }

  /** A field that is present and not empty; AMI writes unknown values as "<unknown>", which is no value either. */
  value(name: string): string | undefined {
    const v = this.get(name);
    return v === undefined || v === '' || v === '<unknown>' ? undefined : v;
  }

  all(name: string): string[] {
    const key = name.toLowerCase();
    return this.fields.filter(([k]) => k.toLowerCase() === key).map(([, v]) => v);
  }
}

/** "KEY=value" fields (AMI's ChanVariable and DestChanVariable) as a lookup of KEY → value. */
export function keyValueFields(values: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq > 0 && !out.has(v.slice(0, eq))) out.set(v.slice(0, eq), v.slice(eq + 1));
  }
  return out;
}
