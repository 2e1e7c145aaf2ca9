import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer } from '../api-errors.ts';
import { isObject } from '../json.ts';

// HTTP for the REST API: request bodies in, JSON answers out.

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A percent-decoded path segment, or the segment as it is when it does not decode. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart with the JSON in `payload_json` as @discordjs/rest sends files. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const json = form.get('payload_json');
    const body = typeof json === 'string' ? (JSON.parse(json) as unknown) : {};
    const files = [...form.keys()].filter((k) => k.startsWith('files['));
    if (!isObject(body) || !files.length) return body;
    // The files themselves, for the message's attachments (a test reads them back).
    const uploads = await Promise.all(
      files.map(async (key) => {
        const file = form.get(key) as File;
        return {
          filename: file.name,
          contentType: file.type || 'application/octet-stream',
          data: Buffer.from(await file.arrayBuffer()),
        };
      }),
    );
    return { ...body, _files: files.length, _uploads: uploads };
  }
  return JSON.parse(raw.toString('utf8')) as unknown;
}

/** Writes an answer, with the headers Discord sends beside it. */
export function send(res: ServerResponse, answer: Answer, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...extraHeaders, ...answer.headers };
  if (answer.status === 429 && isObject(answer.body)) {
    // Discord's 429 body and headers agree on the wait.
    headers['Retry-After'] ??= String(Math.max(1, Math.ceil(Number(answer.body.retry_after))));
  }
  if (answer.status === 204 || answer.body === undefined) {
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
