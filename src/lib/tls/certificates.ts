// One way to make TLS material: a fresh CA (ECDSA P-256) and a serving certificate it signs, for the
// local API server (127.0.0.1) and the admission webhook (its Service's DNS names). X.509 through
// @peculiar/x509, not hand-written ASN.1.
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';

/** PEM material of an HTTPS server and the CA its clients trust. */
export interface ServingCertificate {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

/** What the certificate is for. */
export interface ServingCertificateRequest {
  /** Subject CN of the CA. */
  caName: string;
  /** Subject CN of the serving certificate. */
  commonName: string;
  dnsNames?: string[];
  ips?: string[];
  validityMs: number;
}

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signing = { name: 'ECDSA', hash: 'SHA-256' } as const;

// A positive serial number (high bit clear), as RFC 5280 asks.
const serial = (): string => randomBytes(8).toString('hex').replace(/^[89a-f]/, '1');

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

/** Generates a CA and a serving certificate for the given DNS names and IP addresses. */
export async function generateServingCertificate(req: ServingCertificateRequest): Promise<ServingCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  // Backdated an hour so a client whose clock is a little behind still accepts it.
  const notBefore = new Date(Date.now() - 3600 * 1000);
  const notAfter = new Date(Date.now() + req.validityMs);
  const caKeys = await keyPair();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${req.caName}`,
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
    serialNumber: serial(),
    subject: `CN=${req.commonName}`,
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
      new x509.SubjectAlternativeNameExtension([
        ...(req.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
        ...(req.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return { caCertPem: ca.toString('pem') + '\n', certPem: leaf.toString('pem') + '\n', keyPem: toPem(keyDer, 'PRIVATE KEY') };
}
