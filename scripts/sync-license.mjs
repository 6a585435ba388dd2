#!/usr/bin/env node
// Copies the root LICENSE into every publishable package, so each npm tarball carries it.
//   node scripts/sync-license.mjs           write the copies (after editing the root LICENSE)
//   node scripts/sync-license.mjs --check   fail, naming the packages, when a copy is missing or
//                                           differs, or a package does not list LICENSE in `files`
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishablePackages, ROOT_DIRECTORY } from './publishable-packages.mjs';

const LICENSE_FILE = 'LICENSE';

const checkOnly = process.argv.includes('--check');
const rootLicense = readFileSync(join(ROOT_DIRECTORY, LICENSE_FILE), 'utf8');
const problems = [];

for (const { name, directory, manifest } of publishablePackages()) {
  const copyPath = join(directory, LICENSE_FILE);
  const shownPath = relative(ROOT_DIRECTORY, copyPath);
  const files = Array.isArray(manifest.files) ? manifest.files : [];
  if (!files.includes(LICENSE_FILE)) {
    problems.push(`${name}: package.json "files" does not list "${LICENSE_FILE}"`);
  }
  const copy = existsSync(copyPath) ? readFileSync(copyPath, 'utf8') : undefined;
  if (copy === rootLicense) continue;
  if (checkOnly) {
    problems.push(`${shownPath} is ${copy === undefined ? 'missing' : 'not the root LICENSE'}`);
  } else {
    writeFileSync(copyPath, rootLicense);
    console.log(`wrote ${shownPath}`);
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  if (checkOnly) console.error('Run `node scripts/sync-license.mjs` to copy the root LICENSE.');
  process.exit(1);
}
if (checkOnly) console.log('Every publishable package ships the root LICENSE.');
