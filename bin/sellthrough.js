#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so no build step is needed. Signals sent to this wrapper
// (Ctrl-C, a process manager's SIGTERM) are passed on to the platform, which stops cleanly; the
// wrapper exits with the platform's exit code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
