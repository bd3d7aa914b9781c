/**
 * What Tierwise removes from D1 when a ticket is deleted in Zendesk (soft deletion, spam,
 * permanent deletion) or when a solved ticket's retention ends. The ticket's Durable Object
 * storage goes with it (TicketClock.purge / retire).
 *
 * - deleted: every row about the ticket: the audit trail, the sweep's index row, its service
 *   facts and CSAT rating (the dashboard's rollups follow through their triggers) and its chat
 *   alert deliveries. Customer facts are per customer and stay.
 * - retention: the audit trail and the index row only; service facts keep their own retention
 *   (`facts_retention_days`).
 */
export type PurgeReason = 'deleted' | 'retention';

export async function purgeTicketRows(db: D1Database, account: string, ticketId: number, reason: PurgeReason): Promise<void> {
  const tables = reason === 'deleted' ? ['audit', 'ticket_state', 'satisfaction', 'service_facts', 'alert_deliveries'] : ['audit', 'ticket_state'];
  await db.batch(tables.map((table) => db.prepare(`DELETE FROM ${table} WHERE account = ? AND ticket_id = ?`).bind(account, ticketId)));
}
