import { fmtCount, NO_DATA } from './format';

/** A score 0–100, whole points ("72"); null → "—". */
export function fmtScore(v: number | null | undefined): string {
  return v === null || v === undefined ? NO_DATA : fmtCount(Math.round(v));
}

/** A part's value 0–1 as points of 100 ("50"); null → "—" (no data, its weight went to the others). */
export function fmtPart(v: number | null | undefined): string {
  return v === null || v === undefined ? NO_DATA : fmtCount(Math.round(v * 100));
}
