import { spawn } from 'node:child_process';
import { ROOT } from './server-process.js';

/** Runs bench/ch-job.ts on a data directory in a child process and returns its RESULT. */
export function chJob<T>(job: { dataDir: string; kind: string; [k: string]: unknown }): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ch-job.ts', JSON.stringify(job)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as T);
      else reject(new Error(`ch-job ${job.kind} exited with ${code}: ${err}`));
    });
  });
}
