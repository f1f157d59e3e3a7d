/** What the service says about itself (GET /about, the console's About page). */
export interface AboutInfo {
  version: string;
  startedAt: string;
  database: { kind: 'sqlite' | 'postgres'; file?: string; url?: string };
  smtp: { running: boolean; address: string };
  scheduler: { running: boolean };
  deliveries: { running: boolean };
  inbox: string;
  /** This node's name, and every node alive on the database (one, on SQLite). */
  node: string;
  nodes: { name: string; version: string; startedAt: string; heartbeatAt: string; runs: { engine: string; smtp: string; http: string } }[];
}
