/**
 * `npm run docs`: writes docs/rules.md, the generated sections of README.md and the findings API's rule
 * catalog (src/rules/catalog.generated.ts) from the registry.
 * test/docs/catalog.test.ts fails when the committed files differ from what this would write.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderRulesDoc, updateReadme } from '../src/cli/catalog.js';
import { RULES } from '../src/rules/index.js';
import { CATALOG_MODULE_PATH, renderCatalogModule } from '../src/rules/render-catalog.js';

const root = fileURLToPath(new URL('..', import.meta.url));

await mkdir(`${root}docs`, { recursive: true });
await writeFile(`${root}docs/rules.md`, renderRulesDoc(RULES), 'utf8');
const readme = await readFile(`${root}README.md`, 'utf8');
await writeFile(`${root}README.md`, updateReadme(readme, RULES), 'utf8');
await writeFile(`${root}${CATALOG_MODULE_PATH}`, renderCatalogModule(RULES), 'utf8');
console.log(`docs/rules.md, README.md and ${CATALOG_MODULE_PATH}: ${RULES.length} rules`);
