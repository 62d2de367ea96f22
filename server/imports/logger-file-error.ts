/** A logger file that cannot be imported, with where: file line (1-based) and column name when known. */
export class LoggerFileError extends Error {
  constructor(
    readonly problem: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(
      [row !== undefined ? `row ${row}` : undefined, column !== undefined ? `column "${column}"` : undefined].filter(Boolean).join(", ") +
        (row !== undefined || column !== undefined ? `: ${problem}` : problem),
    );
    this.name = "LoggerFileError";
  }
}
