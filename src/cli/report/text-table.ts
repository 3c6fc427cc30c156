/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export function textTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, indent = ''): string {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}
