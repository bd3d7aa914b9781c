/**
 * A table as CSV for a spreadsheet: raw values (shares as fractions, durations in milliseconds,
 * money as plain numbers), the previous period in its own columns, RFC 4180 quoting, CRLF line
 * ends and a UTF-8 byte order mark so Excel reads Chinese text correctly.
 */
import type { Locale } from '../../shared/domain.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { Column, TableModel, Value } from './reportTables.ts';
import '../../shared/i18n/dashboard/index.ts';

const BOM = '\uFEFF';

function quote(value: Value): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)))) : value;
  // A leading = + - @ would be read as a formula by spreadsheets: quote it as text.
  const guarded = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) || guarded !== text ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function unit(column: Column, locale: Locale): string {
  switch (column.kind) {
    case 'duration':
      return ` (${translate(locale, 'dash.csv.ms')})`;
    case 'share':
    case 'shareDelta':
      return ` (${translate(locale, 'dash.csv.fraction')})`;
    default:
      return '';
  }
}

export function tableCsv(table: TableModel, locale: Locale): string {
  const headers = [table.labelHeader];
  for (const column of table.columns) {
    headers.push(`${column.header}${unit(column, locale)}`);
    if (column.compare) headers.push(`${translate(locale, 'dash.csv.previous', { column: column.header })}${unit(column, locale)}`);
  }
  const lines = [headers.map(quote).join(',')];
  for (const row of table.rows) {
    const values: Value[] = [row.labelValue ?? row.label];
    for (const column of table.columns) {
      const cell = row.cells[column.key];
      values.push(cell?.current ?? null);
      if (column.compare) values.push(cell?.previous ?? null);
    }
    lines.push(values.map(quote).join(','));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** `tierwise-first-response-2026-03-01-2026-03-08.csv` */
export function csvFileName(table: TableModel, period: { from: string; to: string }): string {
  return `tierwise-${table.id}-${period.from}-${period.to}.csv`;
}

/** Hand the CSV to the browser as a file download (a Blob URL, revoked once clicked). */
export function downloadCsv(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
