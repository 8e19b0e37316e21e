export { documentFromFragment, type RichTextDocument } from './document.ts';
export type { ReportAfspraak, ReportLayout, ReportStatement, ReportStatus } from './report-layout.ts';
export { editorSchema, HEADING_LEVELS, type RichTextOptions, richTextExtensions } from './schema.ts';
export { type DocxOptions, toDocx } from './to-docx.ts';
export { type HtmlOptions, toHtml, toHtmlBody } from './to-html.ts';
export { type MarkdownOptions, toMarkdown } from './to-markdown.ts';
export { toText } from './to-text.ts';
