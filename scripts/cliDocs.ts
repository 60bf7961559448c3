/** `npm run docs:cli`: writes `fidelis --help` into the README's CLI section, between its markers (a test keeps them equal). */

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../main/cli/commands.js';
import { overallHelpText } from '../main/cli/program.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const BLOCK = /(<!-- fidelis --help[^\n]*-->\n)[\s\S]*?(<!-- end of fidelis --help -->)/;

const readme = readFileSync(README, 'utf8');
if (!BLOCK.test(readme)) throw new Error('README.md has no <!-- fidelis --help … --> … <!-- end of fidelis --help --> block.');
writeFileSync(README, readme.replace(BLOCK, (_, start: string, end: string) => `${start}\`\`\`text\n${overallHelpText(COMMANDS)}\`\`\`\n${end}`));
process.stderr.write('README.md: the CLI section holds fidelis --help\n');
