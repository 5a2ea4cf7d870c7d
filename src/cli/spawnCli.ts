/**
 * Runs the CLI as users do (`node bin/quantization-studio.mjs …`) in a child process and
 * collects its exit code, output and wall time — the one way tests drive the real process.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
const CLI_BIN = join(CLI_ROOT, 'bin/quantization-studio.mjs');

export interface CliRun { code: number | null; stdout: string; stderr: string; ms: number }

export function spawnCli(args: string[]): Promise<CliRun> {
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: CLI_ROOT, env: { ...process.env, QS_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}
