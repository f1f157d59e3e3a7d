import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { freePort, startCommand } from '../../bench/server.js';
import { projectRoot } from '../../src/shared/version.js';

const ROOT = projectRoot();

export interface ServiceProcess {
  pid: number;
  smtpPort: number;
  httpPort: number;
  exited: Promise<number | null>;
  /** The process's peak resident set so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * The service as `npm start` runs it, in its own process (so that it can be
 * killed, and its memory measured), on free ports; resolves once it answers
 * its health check.
 */
export async function spawnService(dataDir: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, startCommand(), {
    cwd: ROOT,
    env: { ...process.env, BACKWATCH_DATA_DIR: dataDir, BACKWATCH_SMTP_PORT: String(smtpPort), BACKWATCH_HTTP_PORT: String(httpPort), BACKWATCH_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode} before it started`);
    const healthy = await fetch(`http://127.0.0.1:${httpPort}/api/v1/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the service did not start within 20 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    smtpPort,
    httpPort,
    exited,
    peakRssMiB: () => Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
