/**
 * What a deleted ticket may leave behind in the worker's persisted state (wrangler dev's
 * --persist-to directory), read straight from its SQLite files: rows in D1 about the ticket, and
 * ticket objects (Durable Objects) that still hold storage. An object's storage cannot be told
 * apart by ticket from outside (object ids are hashes of their names), so objects are counted:
 * after recovery exactly the live tickets may hold any.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

type Database = { prepare(sql: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown }; close(): void };

/** node:sqlite, without its one-time ExperimentalWarning on stderr (a passing run prints a summary only). */
async function openDatabase(file: string): Promise<Database> {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes('SQLite')) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const { DatabaseSync } = await import('node:sqlite');
    return new DatabaseSync(file, { readOnly: true }) as unknown as Database;
  } finally {
    process.emitWarning = emit;
  }
}

function sqliteFiles(dir: string): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(sqliteFiles(full));
    else if (entry.name.endsWith('.sqlite')) out.push(full);
  }
  return out;
}

const TICKET_TABLES = ['audit', 'ticket_state', 'service_facts', 'satisfaction', 'alert_deliveries'] as const;

/** D1 rows about the given tickets, as "table ticket n" lines. */
export async function d1Leftovers(stateDir: string, ticketIds: readonly number[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of sqliteFiles(path.join(stateDir, 'v3', 'd1'))) {
    const db = await openDatabase(file);
    try {
      const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name));
      for (const table of TICKET_TABLES) {
        if (!tables.has(table)) continue;
        for (const id of ticketIds) {
          const { n } = db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ticket_id = ?`).get(id) as { n: number };
          if (n > 0) found.push(`${table}: ticket ${id} has ${n} row(s)`);
        }
      }
    } finally {
      db.close();
    }
  }
  return found;
}

/** Ticket objects (class TicketClock) whose storage holds anything. */
export async function ticketObjectsWithState(stateDir: string): Promise<number> {
  const doDir = path.join(stateDir, 'v3', 'do');
  const classes = readdirSync(doDir).filter((name) => name.endsWith('TicketClock'));
  let count = 0;
  for (const name of classes) {
    for (const file of sqliteFiles(path.join(doDir, name))) {
      const db = await openDatabase(file);
      try {
        const kv = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_cf_KV'").get();
        if (kv && (db.prepare('SELECT COUNT(*) AS n FROM _cf_KV').get() as { n: number }).n > 0) count++;
      } finally {
        db.close();
      }
    }
  }
  return count;
}
