/**
 * `npm run docs`: writes docs/rules.md and the generated sections of README.md from the registry.
 * test/docs/catalog.test.ts fails when the committed files differ from what this would write.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderRulesDoc, updateReadme } from '../src/cli/catalog.js';
import { RULES } from '../src/rules/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

await mkdir(`${root}docs`, { recursive: true });
await writeFile(`${root}docs/rules.md`, renderRulesDoc(RULES), 'utf8');
const readme = await readFile(`${root}README.md`, 'utf8');
await writeFile(`${root}README.md`, updateReadme(readme, RULES), 'utf8');
console.log(`docs/rules.md and README.md: ${RULES.length} rules`);
