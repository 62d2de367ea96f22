/** One reading of one point as an export writes it: the value (raw or calibrated) and whether readers leave it out. */
export interface ExportCell {
  value: number;
  flagged: boolean;
}

/** A time step of a wide file: its cells in column order, undefined where the point has no reading. */
export type WideRowCells = ReadonlyArray<ExportCell | undefined>;
