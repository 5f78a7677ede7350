/** The part of pino the connectors use: a test passes pino({ level: 'silent' }), the CLI a real one. */
export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
