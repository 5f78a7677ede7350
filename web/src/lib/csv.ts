// The writer is shared with the server's roster export (shared/src/csv.ts): one guard against formulas.
export { toCsv } from '@floorpulse/shared';

/** Saves text as a file; the BOM makes Excel read UTF-8 (Chinese names) correctly. */
export function download(filename: string, text: string): void {
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
