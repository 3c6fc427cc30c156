/**
 * `npm run docs`: writes docs/rules.md, the generated sections of README.md, the findings API's rule
 * catalog (src/rules/catalog.generated.ts) and the member accounts' StackSet (deploy/member-stack.yml)
 * from the registry.
 * test/docs/catalog.test.ts fails when the committed files differ from what this would write.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
const memberStack = createRequire(import.meta.url)('../deploy/member-stack.cjs') as { FILE: string; memberStackYaml(): string };
await writeFile(memberStack.FILE, memberStack.memberStackYaml(), 'utf8');
console.log(`docs/rules.md, README.md, ${CATALOG_MODULE_PATH} and deploy/member-stack.yml: ${RULES.length} rules`);
