export { documentFromFragment, type RichTextDocument } from './document.ts';
export { attachmentImageSource, attachmentOfImage, readReportImage } from './report-image.ts';
export type {
  ReportAfspraak,
  ReportCities,
  ReportComment,
  ReportImage,
  ReportLayout,
  ReportStatement,
  ReportStatus,
} from './report-layout.ts';
export { reportBody } from './report-outline.ts';
export * as reportWords from './report-words.ts';
export { editorSchema, HEADING_LEVELS, type RichTextOptions, richTextExtensions } from './schema.ts';
export { type DocxOptions, type ReportDocxOptions, reportToDocx, toDocx } from './to-docx.ts';
export { type HtmlOptions, reportToHtml, reportToHtmlBody, toHtml, toHtmlBody } from './to-html.ts';
export { type MarkdownOptions, reportToMarkdown, toMarkdown } from './to-markdown.ts';
export { reportToPdf } from './to-pdf.ts';
export { toText } from './to-text.ts';
