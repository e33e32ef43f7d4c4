// The server's credentials, generated on first start and reused afterwards: a CA, a serving
// certificate for 127.0.0.1/localhost signed by it (ECDSA P-256), and a bearer token. All private
// material is written with mode 0600 inside dataDir/pki.
import * as x509 from '@peculiar/x509';
import { randomBytes, timingSafeEqual, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM material the HTTPS server and kubeconfigs need. */
export interface Credentials {
  caCertPem: string;
  certPem: string;
  keyPem: string;
  token: string;
}

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signing = { name: 'ECDSA', hash: 'SHA-256' } as const;
const tenYears = 10 * 365 * 24 * 3600 * 1000;

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

type KeyPair = webcrypto.CryptoKeyPair;

async function keyPair(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as KeyPair;
}

/** Generates a fresh CA and a serving certificate for the given IPs and DNS names. */
async function generate(ips: string[], dnsNames: string[]): Promise<Omit<Credentials, 'token'>> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const notBefore = new Date(Date.now() - 3600 * 1000);
  const notAfter = new Date(Date.now() + tenYears);
  const caKeys = await keyPair();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    name: 'CN=kn-ts-local-ca',
    notBefore,
    notAfter,
    signingAlgorithm: signing,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = await keyPair();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    subject: 'CN=kn-ts-apiserver',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: signing,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...ips.map((value) => ({ type: 'ip' as const, value })), ...dnsNames.map((value) => ({ type: 'dns' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return { caCertPem: ca.toString('pem') + '\n', certPem: leaf.toString('pem') + '\n', keyPem: toPem(keyDer, 'PRIVATE KEY') };
}

/** Loads the credentials in dataDir/pki, creating any that are missing (host is added to the SANs). */
export async function loadOrCreateCredentials(dataDir: string, host: string): Promise<Credentials> {
  const dir = join(dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'apiserver.crt'), key: join(dir, 'apiserver.key'), token: join(dir, 'token') };
  if (!existsSync(files.ca) || !existsSync(files.cert) || !existsSync(files.key)) {
    const ips = [...new Set(['127.0.0.1', host].filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h)))];
    const g = await generate(ips, ['localhost']);
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
