/** Files the sandbox's demo tickets through the simulator's API, as a customer would. */
import { SEED_EMAILS } from './zendesk/server.ts';

export interface Credentials {
  email: string;
  apiToken: string;
}

async function call<T>(baseUrl: string, creds: Credentials, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(`${creds.email}/token:${creds.apiToken}`).toString('base64')}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function userId(baseUrl: string, creds: Credentials, email: string): Promise<number> {
  const { users } = await call<{ users: Array<{ id: number; email: string }> }>(baseUrl, creds, 'GET', `/api/v2/users/search.json?query=${encodeURIComponent(email)}`);
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email} in the sandbox`);
  return user.id;
}

export async function groupId(baseUrl: string, creds: Credentials, name: string): Promise<number> {
  const { groups } = await call<{ groups: Array<{ id: number; name: string }> }>(baseUrl, creds, 'GET', '/api/v2/groups.json');
  const group = groups.find((g) => g.name === name);
  if (!group) throw new Error(`no group ${name} in the sandbox`);
  return group.id;
}

/** File a ticket as the customer would; `fields` adds ticket fields such as an assignee and group. */
export async function fileTicket(baseUrl: string, creds: Credentials, requesterEmail: string, subject: string, tags: string[] = [], fields: Record<string, unknown> = {}): Promise<number> {
  const requester_id = await userId(baseUrl, creds, requesterEmail);
  const { ticket } = await call<{ ticket: { id: number } }>(baseUrl, creds, 'POST', '/api/v2/tickets.json', { ticket: { subject, comment: { body: subject }, requester_id, submitter_id: requester_id, tags, ...fields } });
  return ticket.id;
}

export interface DemoTickets {
  core: number;
  escalating: number;
  /** A potential customer's ticket assigned to Wang Fang in Support, outside both escalation groups. */
  assigned: number;
}

export async function fileDemoTickets(baseUrl: string, creds: Credentials): Promise<DemoTickets> {
  const core = await fileTicket(baseUrl, creds, SEED_EMAILS.coreCustomer, '生产线打印机故障 Production line printer down', ['scene_aftersale']);
  const escalating = await fileTicket(baseUrl, creds, SEED_EMAILS.basicCustomer, '发票抬头修改 Change the invoice title', ['scene_presale']);
  const assigned = await fileTicket(baseUrl, creds, SEED_EMAILS.potentialCustomer, '批量采购报价 Quote for a bulk order', ['scene_presale'], {
    assignee_id: await userId(baseUrl, creds, SEED_EMAILS.agent),
    group_id: await groupId(baseUrl, creds, 'Support'),
  });
  return { core, escalating, assigned };
}

/** The summary lines `npm start` prints for the demo tickets, with their agent-view addresses. */
export function demoTicketLines(agentViewUrl: string, demo: DemoTickets): string[] {
  return [
    `Demo tickets       core customer: ${agentViewUrl}/tickets/${demo.core}   basic customer (escalates): ${agentViewUrl}/tickets/${demo.escalating}`,
    `                   potential customer, assigned to Wang Fang in Support (escalates, department heads come in at L2): ${agentViewUrl}/tickets/${demo.assigned}`,
  ];
}
