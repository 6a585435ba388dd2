#!/usr/bin/env node
// Writes (or, with --check, verifies) the API report of every publishable package: one
// `api/<entry>.api.md` per entry point in its package.json `exports` (`.` → `index.api.md`,
// `./testing` → `testing.api.md`), made by API Extractor from the built `.d.ts` files. The
// reports are committed, so a change to a public surface shows up in review; CI runs --check,
// which fails when a report no longer matches the code (run `pnpm api` and commit the result).
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { publishablePackages, ROOT_DIRECTORY } from './publishable-packages.mjs';

/** Folder of each package that holds its reports. */
const REPORT_FOLDER = 'api';
/** Suffix API Extractor gives report files. */
const REPORT_SUFFIX = '.api.md';

const check = process.argv.includes('--check');

/**
 * @param {Record<string, unknown>} manifest
 * @returns {{ entry: string, typesPath: string }[]} entry name and `.d.ts` of each export with types
 */
function entryPoints(manifest) {
  const exportsField = /** @type {Record<string, unknown>} */ (manifest.exports ?? {});
  const entries = [];
  for (const [subpath, target] of Object.entries(exportsField)) {
    if (typeof target !== 'object' || target === null) continue;
    const types = /** @type {{ types?: unknown }} */ (target).types;
    if (typeof types !== 'string') continue;
    const entry = subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replaceAll('/', '-');
    entries.push({ entry, typesPath: types });
  }
  return entries;
}

/**
 * Runs API Extractor on one entry point.
 * @returns {boolean} whether the report is up to date (check) or was written without errors
 */
function extract(directory, entry, typesPath) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: directory,
      mainEntryPointFilePath: join(directory, typesPath),
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: true,
            types: ['node'],
          },
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${entry}${REPORT_SUFFIX}`,
        reportFolder: join(directory, REPORT_FOLDER),
        reportTempFolder: join(directory, 'node_modules', '.api-extractor'),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          'ae-missing-release-tag': { logLevel: 'none' },
          'ae-unresolved-link': { logLevel: 'none' },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: join(directory, 'api-extractor.json'),
    packageJsonFullPath: join(directory, 'package.json'),
  });
  const result = Extractor.invoke(config, {
    localBuild: !check,
    messageCallback(message) {
      // Warnings are written into the report itself; only errors are printed.
      if (message.logLevel !== 'error') message.handled = true;
    },
  });
  return result.succeeded;
}

let failures = 0;
for (const { name, directory, manifest } of publishablePackages()) {
  const entries = entryPoints(manifest);
  const expected = new Set(entries.map(({ entry }) => `${entry}${REPORT_SUFFIX}`));
  const reportDirectory = join(directory, REPORT_FOLDER);
  if (!check) {
    mkdirSync(reportDirectory, { recursive: true });
    for (const file of readdirSync(reportDirectory)) {
      if (!expected.has(file)) rmSync(join(reportDirectory, file));
    }
  }
  for (const { entry, typesPath } of entries) {
    const report = relative(ROOT_DIRECTORY, join(reportDirectory, `${entry}${REPORT_SUFFIX}`));
    if (!existsSync(join(directory, typesPath))) {
      console.error(`${name}: ${typesPath} is missing; run pnpm build first`);
      failures += 1;
      continue;
    }
    if (extract(directory, entry, typesPath)) {
      console.log(`ok   ${report}`);
    } else {
      console.error(
        check
          ? `FAIL ${report} does not match ${name}'s public API: run \`pnpm api\` and commit the report`
          : `FAIL ${report}: API Extractor reported errors`,
      );
      failures += 1;
    }
  }
  if (check && existsSync(reportDirectory)) {
    for (const file of readdirSync(reportDirectory)) {
      if (!expected.has(file)) {
        console.error(
          `FAIL ${name}: ${REPORT_FOLDER}/${file} belongs to no entry point; run pnpm api`,
        );
        failures += 1;
      }
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
