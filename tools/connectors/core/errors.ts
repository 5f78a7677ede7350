/** A dialer's stream broke its own framing (a line longer than any real one, a bad Content-Length). */
export class FramingError extends Error {
  override name = 'FramingError';
}

/** The dialer refused our login (AMI `Response: Error`, ESL `-ERR invalid`): retrying will not help until it is fixed. */
export class LoginRefusedError extends Error {
  override name = 'LoginRefusedError';
}

/** The spool directory cannot be written or read: the connector stops rather than pretend to buffer. */
export class SpoolError extends Error {
  override name = 'SpoolError';
}
