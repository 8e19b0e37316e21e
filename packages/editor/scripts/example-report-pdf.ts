// Writes the example verslag (the test fixture) as a PDF, to look at or to make the screenshots in docs/verslag:
//   npx tsx packages/editor/scripts/example-report-pdf.ts /tmp/verslag.pdf
//   pdftoppm -png -r 60 -f 1 -l 1 /tmp/verslag.pdf docs/verslag/pdf-pagina-1
import { writeFile } from 'node:fs/promises';
import { netwerkdagUtrecht } from '../src/fixtures/netwerkdag-utrecht.ts';
import { reportToPdf } from '../src/to-pdf.ts';

const path = process.argv[2] ?? 'verslag.pdf';
await writeFile(path, await reportToPdf(netwerkdagUtrecht));
console.log(`wrote ${path}`);
