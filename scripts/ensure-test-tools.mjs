#!/usr/bin/env node
// Makes sure the tools the test suite needs outside npm are present: Debian's Chromium for the
// softphone's browser test (apps/demo). When it is missing and we run as root on Debian (CI, fresh
// machines), installs the `chromium` package with only what it depends on: no recommended
// packages (a desktop's worth: udev, upower, printing, avahi, perl modules) and never an upgrade
// of a package already installed. apt-get simulates the install first; if it would upgrade or
// remove anything, nothing is installed and the message says which packages and the command to
// run yourself. Otherwise it prints the packages it installs, then installs them.
// Never downloads a browser from anywhere else.
//
//   INSTALL_TEST_BROWSER=auto (default)  install when missing, as root, as described above
//   INSTALL_TEST_BROWSER=never           never install: fail with the command to run instead
//   CHROMIUM_PATH=/path/to/chrome        use that browser (the test reads it too); never install
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where the browser test looks for Chromium when `CHROMIUM_PATH` is not set. */
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
/** The Debian packages the browser test needs; their dependencies come along, nothing else. */
const BROWSER_PACKAGES = ['chromium'];
/** `apt-get` arguments that install the browser packages without recommended packages. */
const INSTALL_ARGUMENTS = ['install', '--no-install-recommends', ...BROWSER_PACKAGES];
/** The same install, as a person would type it. */
const MANUAL_INSTALL_COMMAND = `apt-get update && apt-get ${INSTALL_ARGUMENTS.join(' ')}`;
/** Values of `INSTALL_TEST_BROWSER`. */
const INSTALL_MODES = ['auto', 'never'];
/** apt-get in English whatever the locale, non-interactive. */
const APT_ENVIRONMENT = { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' };

/**
 * Reads `apt-get -s install …` output.
 * `Inst name (version …)` installs a new package; `Inst name [installed] (version …)` replaces an
 * installed version; `Remv name [version]` removes one.
 * @param {string} output the simulation's standard output
 * @returns {{ installs: { name: string, version: string }[],
 *   upgrades: { name: string, from: string, to: string }[], removals: string[] }}
 */
export function parseAptSimulation(output) {
  const plan = { installs: [], upgrades: [], removals: [] };
  for (const line of output.split('\n')) {
    const install = /^Inst (\S+) (?:\[([^\]]+)\] )?\((\S+)/.exec(line);
    if (install) {
      const [, name, from, to] = install;
      if (from === undefined) plan.installs.push({ name, version: to });
      else plan.upgrades.push({ name, from, to });
      continue;
    }
    const removal = /^Remv (\S+)/.exec(line);
    if (removal) plan.removals.push(removal[1]);
  }
  return plan;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** @param {Record<string, string | undefined>} environment where the settings above are read */
function ensureBrowser(environment) {
  const chromiumPath = environment.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  if (existsSync(chromiumPath)) return;

  const mode = environment.INSTALL_TEST_BROWSER || 'auto';
  if (!INSTALL_MODES.includes(mode)) {
    fail(`INSTALL_TEST_BROWSER must be one of ${INSTALL_MODES.join(', ')}, not "${mode}".`);
  }
  const needed = `The browser test needs Chromium at ${chromiumPath}.`;
  if (environment.CHROMIUM_PATH) {
    fail(`${needed} CHROMIUM_PATH names a file that does not exist; fix or unset it.`);
  }
  const instructions =
    `Install Debian's Chromium with: sudo sh -c '${MANUAL_INSTALL_COMMAND}'\n` +
    'or set CHROMIUM_PATH to a Chromium or Chrome executable.';
  if (mode === 'never') {
    fail(`${needed} INSTALL_TEST_BROWSER=never: not installing it.\n${instructions}`);
  }
  if (!commandExists('apt-get')) fail(`${needed} This system has no apt-get.\n${instructions}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) fail(`${needed} Not root, so not installing it.\n${instructions}`);

  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: APT_ENVIRONMENT });
  let simulation;
  try {
    simulation = execFileSync('apt-get', ['--simulate', ...INSTALL_ARGUMENTS], {
      encoding: 'utf8',
      env: APT_ENVIRONMENT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    fail(`apt-get cannot install ${BROWSER_PACKAGES.join(' ')}:\n${error.stderr ?? error.message}`);
  }
  const plan = parseAptSimulation(simulation);
  if (plan.upgrades.length > 0 || plan.removals.length > 0) {
    const changes = [
      ...plan.upgrades.map(({ name, from, to }) => `  upgrade ${name} ${from} → ${to}`),
      ...plan.removals.map((name) => `  remove  ${name}`),
    ];
    fail(
      `${needed} Installing it would change packages that are already installed:\n` +
        `${changes.join('\n')}\n` +
        'Not installing anything. If those changes are fine, run yourself:\n' +
        `  ${MANUAL_INSTALL_COMMAND}`,
    );
  }
  if (plan.installs.length === 0) fail(`${needed} apt-get has nothing to install for it.`);

  console.log(
    `Installing Debian's Chromium for the browser test (${plan.installs.length} new packages, ` +
      'no recommended packages, nothing upgraded):',
  );
  for (const { name, version } of plan.installs) console.log(`  ${name} ${version}`);
  const quietArguments = ['--yes', '--quiet', '--quiet', '-o', 'Dpkg::Use-Pty=0'];
  execFileSync('apt-get', [...quietArguments, ...INSTALL_ARGUMENTS], {
    stdio: 'inherit',
    env: APT_ENVIRONMENT,
  });
  if (!existsSync(chromiumPath)) fail(`apt-get finished but ${chromiumPath} is still missing.`);
}

function commandExists(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureBrowser(process.env);
