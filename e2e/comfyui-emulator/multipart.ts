// ComfyUI emulator (test infrastructure): multipart/form-data as aiohttp's request.post() reads
// it. A part with a non-empty filename is a file field; any other part is a text field (decoded
// UTF-8). filename*=UTF-8''… (RFC 5987) is understood, quoted-pair escapes are undone.

export type FormField =
  | { readonly kind: 'file'; readonly name: string; readonly filename: string; readonly contentType: string; readonly data: Buffer }
  | { readonly kind: 'text'; readonly name: string; readonly value: string };

export class MalformedMultipart extends Error {}

/** Splits a header value on ';' outside quotes into lower-cased params (first token under ''). */
function headerParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (quoted && ch === '\\' && i + 1 < value.length) {
      current += ch + (value[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ';' && !quoted) {
      tokens.push(current);
      current = '';
    } else current += ch;
  }
  tokens.push(current);
  params.set('', (tokens[0] ?? '').trim().toLowerCase());
  for (const token of tokens.slice(1)) {
    const eq = token.indexOf('=');
    if (eq < 0) continue;
    let v = token.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params.set(token.slice(0, eq).trim().toLowerCase(), v);
  }
  return params;
}

/** The boundary of a multipart/form-data Content-Type, or null for other bodies. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const params = headerParams(contentType);
  if (params.get('') !== 'multipart/form-data') return null;
  const boundary = params.get('boundary');
  return boundary === undefined || boundary === '' ? null : boundary;
}

function extendedValue(value: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!m) return value;
  try {
    return decodeURIComponent(m[2] ?? '');
  } catch {
    return m[2] ?? '';
  }
}

function parsePartHeaders(raw: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

export function parseMultipart(body: Buffer, boundary: string): FormField[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MalformedMultipart('no boundary in body');
  const fields: FormField[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return fields;
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0) throw new MalformedMultipart('unterminated boundary line');
    const headersStart = lineEnd + 2;
    const headersEnd = body.subarray(headersStart, headersStart + 2).toString('latin1') === '\r\n' ? headersStart : body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd < 0) throw new MalformedMultipart('unterminated part headers');
    const headers = parsePartHeaders(body.subarray(headersStart, headersEnd).toString('utf8'));
    const dataStart = headersEnd === headersStart ? headersStart + 2 : headersEnd + 4;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd < 0) throw new MalformedMultipart('part without closing boundary');
    const disposition = headerParams(headers.get('content-disposition') ?? '');
    const name = disposition.get('name');
    if (name === undefined) throw new MalformedMultipart('part without a name');
    const starred = disposition.get('filename*');
    const filename = starred !== undefined ? extendedValue(starred) : (disposition.get('filename') ?? '');
    const data = body.subarray(dataStart, dataEnd);
    if (filename !== '') {
      fields.push({ kind: 'file', name, filename, contentType: headers.get('content-type') ?? 'application/octet-stream', data });
    } else {
      fields.push({ kind: 'text', name, value: data.toString('utf8') });
    }
    pos = dataEnd + 2;
  }
}
