/**
 * Thrown by IngestStorage.insert when the store refused the events themselves (a value it cannot take),
 * not because it is down: the group commit then retries each submission alone (group-commit.ts), and
 * the request whose events are refused alone gets a 400. `reason` is safe to send back: no data in it.
 */
export class EventsRefusedError extends Error {
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`the store refused the events: ${reason}`, options);
  }
}
