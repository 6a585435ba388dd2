#!/usr/bin/env node
// Makes sure the tools the test suite needs outside npm are present: Debian's Chromium for the
// softphone's browser test. Installs it with apt-get when running as root (CI, fresh machines);
// otherwise explains what to install. Never downloads a browser from anywhere else.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM_PATH = '/usr/bin/chromium';

function run(command, args) {
  execFileSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

if (existsSync(CHROMIUM_PATH)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `The browser test needs Debian's Chromium at ${CHROMIUM_PATH}.\n` +
      'Install it with: sudo apt-get update && sudo apt-get install -y chromium',
  );
  process.exit(1);
}
console.log(`Installing Debian's Chromium (${CHROMIUM_PATH}) for the browser test...`);
run('apt-get', ['update', '-qq']);
run('apt-get', ['install', '-y', '-qq', 'chromium']);
if (!existsSync(CHROMIUM_PATH)) {
  console.error(`apt-get finished but ${CHROMIUM_PATH} is still missing`);
  process.exit(1);
}
