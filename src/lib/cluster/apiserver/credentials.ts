// The server's credentials, generated on first start and reused afterwards: a CA, a serving
// certificate for 127.0.0.1/localhost signed by it (ECDSA P-256), and a bearer token. All private
// material is written with mode 0600 inside dataDir/pki.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateServingCertificate } from '../../tls/certificates.js';

/** PEM material the HTTPS server and kubeconfigs need. */
export interface Credentials {
  caCertPem: string;
  certPem: string;
  keyPem: string;
  token: string;
}

const tenYears = 10 * 365 * 24 * 3600 * 1000;

/** Loads the credentials in dataDir/pki, creating any that are missing (host is added to the SANs). */
export async function loadOrCreateCredentials(dataDir: string, host: string): Promise<Credentials> {
  const dir = join(dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'apiserver.crt'), key: join(dir, 'apiserver.key'), token: join(dir, 'token') };
  if (!existsSync(files.ca) || !existsSync(files.cert) || !existsSync(files.key)) {
    const ips = [...new Set(['127.0.0.1', host].filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h)))];
    const g = await generateServingCertificate({ caName: 'kn-ts-local-ca', commonName: 'kn-ts-apiserver', dnsNames: ['localhost'], ips, validityMs: tenYears });
    // The key is written before the certificates so a crash never leaves a cert without its key.
    writeFileSync(files.key, g.keyPem, { mode: 0o600 });
    writeFileSync(files.cert, g.certPem, { mode: 0o644 });
    writeFileSync(files.ca, g.caCertPem, { mode: 0o644 });
  }
  if (!existsSync(files.token)) writeFileSync(files.token, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  return {
    caCertPem: readFileSync(files.ca, 'utf8'),
    certPem: readFileSync(files.cert, 'utf8'),
    keyPem: readFileSync(files.key, 'utf8'),
    token: readFileSync(files.token, 'utf8').trim(),
  };
}

// The bytes of the token last checked (one server, one token: encoded once, not per request).
let wantedToken = '';
let wantedBytes = Buffer.alloc(0);

/** Constant-time check of an `Authorization` header against the token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header || !header.startsWith('Bearer ')) return false;
  const got = Buffer.from(header.slice(7).trim());
  if (token !== wantedToken) {
    wantedBytes = Buffer.from(token);
    wantedToken = token;
  }
  const want = wantedBytes;
  return got.length === want.length && timingSafeEqual(got, want);
}
