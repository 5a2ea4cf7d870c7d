#!/usr/bin/env node
// Makes sure a Chromium for the e2e tests exists. Never downloads a browser of its own:
// uses $CHROMIUM_PATH or /usr/bin/chromium, installs Debian's `chromium` when running as root
// with apt-get, else stops with a clear instruction.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let hasApt = false;
try { execSync('command -v apt-get', { stdio: 'ignore' }); hasApt = true; } catch { /* no apt */ }

if (isRoot && hasApt) {
  console.log(`No Chromium at ${path}; installing Debian's chromium with apt-get…`);
  try {
    execSync('apt-get install -y chromium || (apt-get update && apt-get install -y chromium)', { stdio: 'inherit', shell: '/bin/bash' });
  } catch {
    console.error('Could not install chromium with apt-get. Install it yourself (apt-get install -y chromium) or set CHROMIUM_PATH.');
    process.exit(1);
  }
  if (existsSync(path)) process.exit(0);
}
console.error(`No Chromium found at ${path}. Install Debian's chromium (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary. Never run "npx playwright install" here.`);
process.exit(1);
