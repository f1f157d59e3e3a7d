import type { Db } from '../../db/database.js';
import type { Logger } from '../../shared/logger.js';
import { checksRevision, loadEvaluationRows } from '../checks/checks.repository.js';
import { CheckSet } from './evaluation.index.js';
import { type CheckFacts, compileCheck, type EvaluableCheck, infersSchedule } from './evaluation.models.js';

type EvaluationRow = Awaited<ReturnType<typeof loadEvaluationRows>>[number];

const settingsOfRow = (row: EvaluationRow) => ({
  id: row.id,
  schedule: JSON.parse(row.schedule),
  paused: row.paused === 1,
  origin: row.origin,
  scheduleSetBy: row.schedule_set_by as 'default' | 'user' | 'suggestion',
  anomalyLayers: [JSON.parse(row.group_job_settings ?? '{}'), JSON.parse(row.job_settings)],
});

const compileRow = (row: EvaluationRow) =>
  compileCheck({ ...settingsOfRow(row), alias: row.alias, matching: JSON.parse(row.matching), statusRules: { comet: false, ...JSON.parse(row.status_rules) } });

/** One check compiled as it is in the database now (in a transaction, fresher than the catalog). */
export async function loadEvaluableCheck(db: Db, id: number): Promise<EvaluableCheck | null> {
  const row = (await loadEvaluationRows(db, id))[0];
  return row ? compileRow(row) : null;
}

/** What recording a report needs of a check, as it is in the database now, without compiling its rules. */
export async function loadCheckFacts(db: Db, id: number): Promise<CheckFacts | null> {
  const row = (await loadEvaluationRows(db, id))[0];
  if (!row) return null;
  const { origin, scheduleSetBy, ...facts } = settingsOfRow(row);
  return { ...facts, infersSchedule: infersSchedule({ origin, scheduleSetBy, schedule: facts.schedule }) };
}

/**
 * Every check compiled for evaluation, reloaded only when the checks revision
 * (bumped with every change to a check) moves, so ingestion does not re-read
 * and re-compile a thousand checks per message. Changes made in this process
 * invalidate it at once; the stored revision is looked at once a second, for
 * changes made elsewhere.
 */
export class CheckCatalog {
  private revision: string | null = null;
  private checks = new CheckSet<EvaluableCheck>([]);
  /** Bumped by every change made in this process; a look at the database answers for the one it began at. */
  private generation = 0;
  private lookedAt = { generation: -1, ms: 0 };
  private loading: { generation: number; done: Promise<CheckSet<EvaluableCheck>> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly recheckMs = 1000,
  ) {}

  invalidate(): void {
    this.generation++;
  }

  /**
   * The checks as of now: after a change in this process, the callers wait for a look at the database
   * that began after it (a look under way answers them all). The once-a-second look for changes made
   * elsewhere answers the callers meanwhile from the set in hand, so ingestion never waits on it.
   */
  current(): Promise<CheckSet<EvaluableCheck>> {
    const generation = this.generation;
    if (this.loading?.generation === generation) return this.lookedAt.generation === generation ? Promise.resolve(this.checks) : this.loading.done;
    if (this.lookedAt.generation === generation) {
      if (!this.loading && performance.now() - this.lookedAt.ms >= this.recheckMs) {
        this.lookedAt.ms = performance.now();
        void this.look(generation).catch((err) => this.logger.error({ err }, 'checks could not be reloaded'));
      }
      return Promise.resolve(this.checks);
    }
    return this.look(generation);
  }

  private look(generation: number): Promise<CheckSet<EvaluableCheck>> {
    const before = this.loading?.done;
    const loading = {
      generation,
      done: (async () => {
        await before?.catch(() => {});
        return this.refresh(generation);
      })().finally(() => {
        if (this.loading === loading) this.loading = null;
      }),
    };
    this.loading = loading;
    return loading.done;
  }

  private async refresh(generation: number): Promise<CheckSet<EvaluableCheck>> {
    const revision = await checksRevision(this.db);
    if (revision !== this.revision) await this.load(revision);
    this.lookedAt = { generation, ms: performance.now() };
    return this.checks;
  }

  private async load(revision: string): Promise<void> {
    const rows = await loadEvaluationRows(this.db);
    const checks: EvaluableCheck[] = [];
    for (const row of rows) {
      try {
        checks.push(compileRow(row));
      } catch (err) {
        this.logger.error({ err, checkId: row.id }, 'check rules do not compile; the check is skipped');
      }
    }
    this.checks = new CheckSet(checks);
    this.revision = revision;
  }
}
