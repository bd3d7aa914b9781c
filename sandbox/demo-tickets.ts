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

export async function fileTicket(baseUrl: string, creds: Credentials, requesterEmail: string, subject: string, tags: string[] = []): Promise<number> {
  const requester_id = await userId(baseUrl, creds, requesterEmail);
  const { ticket } = await call<{ ticket: { id: number } }>(baseUrl, creds, 'POST', '/api/v2/tickets.json', { ticket: { subject, comment: { body: subject }, requester_id, submitter_id: requester_id, tags } });
  return ticket.id;
}

export async function fileDemoTickets(baseUrl: string, creds: Credentials): Promise<{ core: number; escalating: number }> {
  const core = await fileTicket(baseUrl, creds, SEED_EMAILS.coreCustomer, '生产线打印机故障 Production line printer down', ['scene_aftersale']);
  const escalating = await fileTicket(baseUrl, creds, SEED_EMAILS.basicCustomer, '发票抬头修改 Change the invoice title', ['scene_presale']);
  return { core, escalating };
}
