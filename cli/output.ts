/** Machine-readable output: one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain text table, columns padded to their widest cell. */
export function printTable(headers: string[], rows: (string | number | boolean | null)[][]): void {
  process.stdout.write(formatTable(headers, rows));
}

/** The text printTable prints, one line per row, each ending in a newline. */
export function formatTable(headers: string[], rows: (string | number | boolean | null)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells
    .map(
      (row) =>
        `${row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/** Progress and notes go to stderr so stdout stays clean for --json. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
