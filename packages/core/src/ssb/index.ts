export { stageSsbFile, type ReadSsbOptions, type SsbFileInfo } from './read.js';
export {
  detectEncoding,
  scanEncoding,
  parseEncoding,
  sniffCsv,
  type SsbEncoding,
  type SsbFormat,
  type CsvLayout,
} from './detect.js';
export { classifyColumns, type SsbColumn, type SsbRole } from './columns.js';
export { jsonStatToCsv } from './jsonstat.js';
