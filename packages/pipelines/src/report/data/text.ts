/** Language of the report (the catalogue's languages). */
export type { Lang as ReportLang } from '@felles/text';
