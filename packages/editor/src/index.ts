export { HEADING_LEVELS, type RichTextOptions, richTextExtensions } from './schema.ts';
