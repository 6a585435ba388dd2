// One-off: reads the two 256-entry G.711 decode tables from the protocol reference
// (telephony-protocols.md §5.5) and writes them to g711-decode-tables.json beside this file.
// Usage: node extract-g711-decode-tables.mjs /path/to/telephony-protocols.md
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const referencePath = process.argv[2];
if (!referencePath)
  throw new Error('usage: node extract-g711-decode-tables.mjs <telephony-protocols.md>');
const text = readFileSync(referencePath, 'utf8');

function tableAfter(heading) {
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`heading not found: ${heading}`);
  const rows = text
    .slice(start)
    .split('\n')
    .filter((line) => /^\| [0-9A-F]x \|/.test(line))
    .slice(0, 16);
  const values = [];
  rows.forEach((line, rowIndex) => {
    const cells = line
      .split('|')
      .map((cell) => cell.trim())
      .filter(Boolean);
    if (cells[0] !== `${rowIndex.toString(16).toUpperCase()}x`) throw new Error(`bad row ${line}`);
    const numbers = cells.slice(1).map(Number);
    if (numbers.length !== 16 || numbers.some((n) => !Number.isInteger(n)))
      throw new Error(`bad row ${line}`);
    values.push(...numbers);
  });
  if (values.length !== 256) throw new Error(`expected 256 values after ${heading}`);
  return values;
}

const tables = {
  source: 'shared/reference/telephony-protocols.md §5.5 (Full decode tables, 16-bit output)',
  ulaw: tableAfter('#### μ-law (PCMU) → 16-bit linear'),
  alaw: tableAfter('#### A-law (PCMA) → 16-bit linear'),
};
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'g711-decode-tables.json'), `${JSON.stringify(tables)}\n`);
