// Bundled stand-in for knative eventing's event_display image: logs every CloudEvent it receives
// in the same layout as the upstream sample, so `kubectl logs` shows what the tutorials show.
import { createServer, type IncomingMessage } from 'node:http';
import type { CloudEventV1 } from 'cloudevents';
import { decodeEvent, hasNoTime } from '../lib/eventing/http/codec.js';

const port = Number(process.env.PORT || 8080);
const maxBodyBytes = 4 * 1024 * 1024;

/** Renders an event like the Go SDK's Event.String(). */
export function formatEvent(event: CloudEventV1<unknown>): string {
  const lines = ['☁️  cloudevents.Event', 'Context Attributes,'];
  const core = ['specversion', 'type', 'source', 'subject', 'id', 'time', 'dataschema', 'datacontenttype'];
  const attrs = event as unknown as Record<string, unknown>;
  for (const key of core) {
    if (key === 'time' && hasNoTime(event as never)) continue;
    if (attrs[key] !== undefined && attrs[key] !== '') lines.push(`  ${key}: ${String(attrs[key])}`);
  }
  const extensions = Object.keys(attrs)
    .filter((k) => !core.includes(k) && k !== 'data' && k !== 'data_base64' && attrs[k] !== undefined)
    .sort();
  if (extensions.length > 0) {
    lines.push('Extensions,');
    for (const key of extensions) lines.push(`  ${key}: ${String(attrs[key])}`);
  }
  if (event.data !== undefined) {
    lines.push('Data,');
    const data = event.data;
    const raw = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
    const text = /json/i.test(event.datacontenttype ?? 'application/json') ? prettyJson(raw) : raw;
    lines.push(...text.split('\n').map((l) => `  ${l}`));
  }
  return lines.join('\n');
}

// JSON payloads are shown indented, as the upstream sample does; anything else as it came.
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const server = createServer(async (req, res) => {
  try {
    const body = await readBody(req);
    console.log(formatEvent(decodeEvent(req.headers, body) as CloudEventV1<unknown>));
    res.statusCode = 202;
    res.end();
  } catch (err) {
    console.error(`event_display: failed to parse event: ${(err as Error).message}`);
    res.statusCode = 400;
    res.end();
  }
});

server.listen(port, () => console.log(`event_display: listening on port ${port}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
