/** A progress bar on stderr (a line every 10% when stderr is not a terminal, e.g. in CI logs). */
export function progressBar(total: number): { update(done: number, rows: number): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  return {
    update(done, rows) {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const pct = Math.floor(ratio * 100);
      if (tty) {
        const filled = Math.round(ratio * 30);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(pct).padStart(3)}%  ${rows} rows`);
      } else if (Math.floor(pct / 10) > lastTenth) {
        lastTenth = Math.floor(pct / 10);
        process.stderr.write(`${pct}%  ${rows} rows\n`);
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}
