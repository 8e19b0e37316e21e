// Writes the example verslag (the test fixture) as a Word file, to look at or to make the screenshots in docs/verslag:
//   npx tsx packages/editor/scripts/example-report-docx.ts /tmp/verslag.docx
//   libreoffice --headless --convert-to pdf --outdir /tmp /tmp/verslag.docx
//   pdftoppm -png -r 60 -f 1 -l 1 -singlefile /tmp/verslag.pdf docs/verslag/word-pagina-1
import { writeFile } from 'node:fs/promises';
import { netwerkdagUtrecht } from '../src/fixtures/netwerkdag-utrecht.ts';
import { reportToDocx } from '../src/to-docx.ts';

const path = process.argv[2] ?? 'verslag.docx';
await writeFile(path, await reportToDocx(netwerkdagUtrecht));
console.log(`wrote ${path}`);
