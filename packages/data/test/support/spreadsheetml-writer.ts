/**
 * Excel 2003's XML spreadsheet ("XML 电子表格 2003") as Excel 2003 writes it: its processing instruction, the namespaces
 * on `<Workbook>`, the document properties, the styles (a date "Short Date", a date and time `yyyy/m/d\ h:mm;@`, a
 * number `0000`), each sheet's `<Table>` with its Excel attributes, and its `<WorksheetOptions>` after the rows
 * (`<Visible>SheetHidden</Visible>` on a hidden one). Neither LibreOffice nor any package at hand writes it, so the
 * tests build it here, to match Excel's output.
 */

/** The styles Excel writes for the cells used: `s21` a date alone, `s22` a date and time, `s23` a number padded to four digits, `s25` a duration `[h]:mm:ss`. */
const SHEETML_STYLES = `<Styles>
  <Style ss:ID="Default" ss:Name="Normal">
   <Alignment ss:Vertical="Center"/>
   <Borders/>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="12"/>
   <Interior/>
   <NumberFormat/>
   <Protection/>
  </Style>
  <Style ss:ID="s21">
   <NumberFormat ss:Format="Short Date"/>
  </Style>
  <Style ss:ID="s22">
   <NumberFormat ss:Format="yyyy/m/d\\ h:mm;@"/>
  </Style>
  <Style ss:ID="s23">
   <NumberFormat ss:Format="0000"/>
  </Style>
  <Style ss:ID="s25">
   <NumberFormat ss:Format="[h]:mm:ss"/>
  </Style>
  <Style ss:ID="s24">
   <Alignment ss:Horizontal="Center" ss:Vertical="Center" ss:WrapText="1"/>
  </Style>
 </Styles>`;

/** One worksheet: its rows' XML (`<Row>…</Row>`), hidden or not. */
export function sheetMlWorksheet(name: string, rows: string, options: { hidden?: boolean; columns?: string } = {}): string {
  return ` <Worksheet ss:Name="${name}">
  <Table x:FullColumns="1" x:FullRows="1" ss:DefaultColumnWidth="54" ss:DefaultRowHeight="14.25">
${options.columns ?? ""}${rows}
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <PageSetup>
    <PageMargins x:Bottom="0.984251969" x:Left="0.75" x:Right="0.75" x:Top="0.984251969"/>
   </PageSetup>
${options.hidden ? "   <Visible>SheetHidden</Visible>\n" : "   <Selected/>\n"}   <ProtectObjects>False</ProtectObjects>
   <ProtectScenarios>False</ProtectScenarios>
  </WorksheetOptions>
 </Worksheet>
`;
}

/** The whole file, its worksheets given (`sheetMlWorksheet`). */
export function sheetMlWorkbook(worksheets: string): string {
  return `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
  <Author>12345热线</Author>
  <LastAuthor>12345热线</LastAuthor>
  <Created>2018-11-26T01:30:00Z</Created>
  <Version>11.9999</Version>
 </DocumentProperties>
 <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel">
  <WindowHeight>9000</WindowHeight>
  <WindowWidth>13860</WindowWidth>
  <WindowTopX>240</WindowTopX>
  <WindowTopY>15</WindowTopY>
  <ProtectStructure>False</ProtectStructure>
  <ProtectWindows>False</ProtectWindows>
 </ExcelWorkbook>
 ${SHEETML_STYLES}
${worksheets}</Workbook>
`;
}

/** A cell of text, entities escaped as Excel writes them (a line break as `&#10;`). */
export function sheetMlText(text: string, attributes = ""): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "&#10;");
  return `<Cell${attributes}><Data ss:Type="String">${escaped}</Data></Cell>`;
}
