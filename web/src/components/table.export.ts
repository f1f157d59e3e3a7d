export interface ExportColumn {
  label: string;
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Tab-separated text, as spreadsheets paste it. */
export function toTsv(columns: ExportColumn[], rows: unknown[][]): string {
  const clean = (v: unknown) => cell(v).replace(/[\t\r\n]+/g, ' ');
  return [columns.map((c) => clean(c.label)), ...rows.map((r) => r.map(clean))].map((r) => r.join('\t')).join('\n');
}

/** RFC 4180 CSV; a cell that a spreadsheet would run as a formula is quoted with a leading apostrophe. */
export function toCsv(columns: ExportColumn[], rows: unknown[][]): string {
  const quote = (v: unknown) => {
    let s = cell(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map((c) => quote(c.label)), ...rows.map((r) => r.map(quote))].map((r) => r.join(',')).join('\r\n');
}

/** A real .xlsx workbook (exceljs, loaded only when someone exports). */
export async function toXlsx(sheet: string, columns: ExportColumn[], rows: unknown[][]): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs/dist/exceljs.min.js');
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheet.slice(0, 31) || 'Sheet1');
  ws.columns = columns.map((c) => ({ header: c.label, width: Math.min(60, Math.max(10, c.label.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (v === null || v === undefined ? '' : v)));
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

export function download(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
