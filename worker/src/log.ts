/**
 * Structured JSON logs. No personal data: emails are masked and free text is never logged;
 * callers pass ids, tiers, steps and counts.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

export function maskEmails(text: string): string {
  return text.replace(EMAIL, '$1***@$2');
}

function write(level: 'info' | 'warn' | 'error', message: string, fields: Fields): void {
  const entry: Record<string, unknown> = { level, message: maskEmails(message) };
  for (const [key, value] of Object.entries(fields)) entry[key] = typeof value === 'string' ? maskEmails(value) : value;
  const line = JSON.stringify(entry);
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

export const log = {
  info: (message: string, fields: Fields = {}) => write('info', message, fields),
  warn: (message: string, fields: Fields = {}) => write('warn', message, fields),
  error: (message: string, fields: Fields = {}) => write('error', message, fields),
};
