/** One scenario's outcome: what was asked, what was reached, and everything measured. */
export interface ScenarioResult {
  name: string;
  target: string;
  achieved: string;
  /** null: not measured (say why in `note`) */
  pass: boolean | null;
  note?: string;
  details: Record<string, unknown>;
}

export interface RunOptions {
  quick: boolean;
  log: (msg: string) => void;
}
