// Writes the example verslag (the test fixture) as PDF and Word, to look at or to make the screenshots in
// docs/verslag (pdftoppm from poppler-utils, LibreOffice for the Word file):
//   npx tsx packages/editor/scripts/example-report.ts /tmp/verslag
//   pdftoppm -png -r 60 -f 1 -l 1 -singlefile /tmp/verslag.pdf docs/verslag/pdf-pagina-1
//   libreoffice --headless --convert-to pdf --outdir /tmp/word /tmp/verslag.docx
//   pdftoppm -png -r 60 -f 1 -l 1 -singlefile /tmp/word/verslag.pdf docs/verslag/word-pagina-1
import { writeFile } from 'node:fs/promises';
import { netwerkdagUtrecht } from '../src/fixtures/netwerkdag-utrecht.ts';
import { reportToDocx } from '../src/to-docx.ts';
import { reportToPdf } from '../src/to-pdf.ts';

const base = process.argv[2] ?? 'verslag';
await writeFile(`${base}.pdf`, await reportToPdf(netwerkdagUtrecht));
await writeFile(`${base}.docx`, await reportToDocx(netwerkdagUtrecht));
console.log(`wrote ${base}.pdf and ${base}.docx`);
