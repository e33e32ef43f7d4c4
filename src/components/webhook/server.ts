// The webhook's HTTPS server: POST /defaulting and /resource-validation take an AdmissionReview
// and answer one (reviewAdmission); GET /healthz is the readiness probe.
import https from 'node:https';
import { listenOn } from '../../lib/http/listen.js';
import { type AdmissionHandlers, type AdmissionReview, reviewAdmission, type WebhookMode } from './review.js';
import type { WebhookCerts } from './certs.js';

/** Largest AdmissionReview accepted (the API server caps objects at ~3 MiB). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const PATHS: Record<string, WebhookMode> = { '/defaulting': 'defaulting', '/resource-validation': 'validation' };

/** A running webhook server. */
export interface WebhookServer {
  port: number;
  close(): Promise<void>;
}

/** Serves the admission endpoints over TLS on host:port. */
export async function startWebhookServer(opts: { host: string; port: number; certs: WebhookCerts; handlers: AdmissionHandlers }): Promise<WebhookServer> {
  const server = https.createServer({ cert: opts.certs.certPem, key: opts.certs.keyPem }, (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const mode = PATHS[path];
    if (!mode || req.method !== 'POST') {
      res.writeHead(mode ? 405 : 404, { 'content-type': 'text/plain' }).end(mode ? 'method not allowed' : 'not found');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      let review: AdmissionReview;
      try {
        review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AdmissionReview;
      } catch (e) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`malformed AdmissionReview: ${(e as Error).message}`);
        return;
      }
      void reviewAdmission(review, mode, opts.handlers).then((out) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out)));
    });
  });
  return listenOn(server, opts.port, opts.host);
}
