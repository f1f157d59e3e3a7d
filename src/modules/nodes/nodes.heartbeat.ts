import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { TimedLoop } from '../../shared/timed-loop.js';
import { aliveNodes, beat, forgetSilent, leave, type NodeInfo } from './nodes.repository.js';

export const HEARTBEAT_MS = 10_000;
/** A node that missed three heartbeats is taken for dead. */
const ALIVE_MS = 3 * HEARTBEAT_MS;
const FORGET_MS = 24 * 3_600_000;

/**
 * This node's row in `nodes`, refreshed every 10 s, so that the About page can
 * list the nodes that share the database and say what each runs.
 */
export class Heartbeat {
  private readonly loop: TimedLoop;
  private info: Omit<NodeInfo, 'heartbeatAt'>;

  constructor(
    private readonly deps: { db: Db; clock: Clock; logger: Pick<Logger, 'warn'> },
    info: Omit<NodeInfo, 'heartbeatAt'>,
  ) {
    this.info = info;
    this.loop = new TimedLoop(
      () => this.beat(),
      async () => new Date(deps.clock.now().getTime() + HEARTBEAT_MS),
      () => deps.clock.now(),
      HEARTBEAT_MS,
    );
  }

  get id(): string {
    return this.info.id;
  }

  /** What the node serves, once its listeners know their ports. */
  update(runs: NodeInfo['runs']): void {
    this.info = { ...this.info, runs };
  }

  start = () => this.loop.start();

  async stop(): Promise<void> {
    await this.loop.stop();
    await leave(this.deps.db, this.info.id).catch(() => {});
  }

  alive(): Promise<NodeInfo[]> {
    return aliveNodes(this.deps.db, new Date(this.deps.clock.now().getTime() - ALIVE_MS).toISOString());
  }

  private async beat(): Promise<void> {
    const now = this.deps.clock.now();
    try {
      await beat(this.deps.db, this.info, now.toISOString());
      await forgetSilent(this.deps.db, new Date(now.getTime() - FORGET_MS).toISOString());
    } catch (err) {
      this.deps.logger.warn({ err }, 'heartbeat failed; trying again');
    }
  }
}
