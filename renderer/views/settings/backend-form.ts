// The backend form's text ↔ values: extra headers are typed one per line as `Name: value`.
import { BackendHeadersSchema, BackendUrlSchema } from '../../../electron/shared/contract';

export type ParsedHeaders = { ok: true; headers: Record<string, string> } | { ok: false; line: number };

export function parseHeaders(text: string): ParsedHeaders {
  const headers: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (name === '' || !BackendHeadersSchema.safeParse({ [name]: value }).success) return { ok: false, line: index + 1 };
    headers[name] = value;
  }
  return { ok: true, headers };
}

export function formatHeaders(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

export const isBackendUrl = (text: string): boolean => BackendUrlSchema.safeParse(text.trim()).success;
