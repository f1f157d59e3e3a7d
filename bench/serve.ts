import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey, createChecks, cpuSeconds, peakRssMiB, resetPeakRss, startServer, storedMessages } from './server.js';

/**
 * The server with K Comet checks, for an outside load generator (postfix-smtp-source.sh):
 * prints SMTP_PORT=… once ready, and on SIGTERM or SIGINT what the server stored and spent.
 */
async function main() {
  const { values } = parseArgs({ options: { checks: { type: 'string', default: '1000' } } });
  const checks = Number(values.checks);

  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'backwatch-bench-'));
  const server = await startServer(dataDir);
  await createChecks(server.baseUrl, await createApiKey(server.env), checks);
  resetPeakRss(server.pid);
  const cpuBefore = cpuSeconds(server.pid) ?? 0;
  console.log(`SMTP_PORT=${server.smtpPort}`);

  const stop = async () => {
    const rss = peakRssMiB(server.pid);
    const cpu = (cpuSeconds(server.pid) ?? 0) - cpuBefore;
    console.log(`server: ${await storedMessages(server.env)} messages stored, peak RSS ${rss?.toFixed(1) ?? 'n/a'} MiB, ${cpu.toFixed(2)} s CPU since the checks were created`);
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
