/**
 * Export writers. Every one accepts only `DisclosedTable`s from the disclosure module; see
 * `docs/disclosure.md` ("Export formats").
 */
export {
  exportTables,
  registerExportPath,
  EXPORT_PATHS,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportPath,
} from './registry.js';
export {
  exportDocument,
  disclosureRule,
  type CsvDialect,
  type ExportContext,
  type ExportDocument,
  type ExportMetadata,
} from './context.js';
export { writeCsv, CSV_MANIFEST_COLUMN } from './csv.js';
export { writeParquet } from './parquet.js';
export {
  writeXlsx,
  sheetNames,
  XLSX_METADATA_SHEET,
  XLSX_MAX_ROWS,
  XLSX_MAX_CELL,
  XLSX_MAX_SHEET_NAME,
} from './xlsx.js';
export { columnLabel } from './xlsx-sheet.js';
export { writeJson } from './json.js';
export { writeArrow } from './arrow.js';
export { prepareOutputFolder, type OutputFolderOptions } from './output-folder.js';
export { writeAtomic, publishFile } from './files.js';
export {
  Publication,
  type PublicationOptions,
  type PublicationRecord,
  type TableToPublish,
} from './publication.js';
