import { ApiError } from '../../../../src/lib/cluster/apiserver/errors.js';
import { decodeProtobuf } from '../../../../src/lib/cluster/apiserver/protobuf.js';

// A minimal protobuf writer, enough to build the bodies kubectl sends.
function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}
const bytes = (field: number, b: Buffer) => Buffer.concat([varint(field * 8 + 2), varint(b.length), b]);
const str = (field: number, s: string) => bytes(field, Buffer.from(s));
const int = (field: number, n: number) => Buffer.concat([varint(field * 8), varint(n)]);
const entry = (field: number, k: string, v: string) => bytes(field, Buffer.concat([str(1, k), str(2, v)]));

function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([str(1, apiVersion), str(2, kind)]);
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), bytes(1, typeMeta), bytes(2, raw)]);
}

describe('decodeProtobuf', () => {
  it('decodes a ConfigMap as kubectl create configmap sends it', () => {
    const meta = Buffer.concat([str(1, 'cfg'), str(2, ''), entry(11, 'app', 'web'), entry(11, 'tier', 'front')]);
    const raw = Buffer.concat([bytes(1, meta), entry(2, 'a', '1'), entry(2, 'b', '2'), entry(3, 'bin', 'xyz')]);
    expect(decodeProtobuf(envelope('v1', 'ConfigMap', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', labels: { app: 'web', tier: 'front' } },
      data: { a: '1', b: '2' },
      binaryData: { bin: Buffer.from('xyz').toString('base64') },
    });
  });

  it('keeps meaningful zeros and int-or-string ports', () => {
    const dep = Buffer.concat([bytes(1, str(1, 'd')), bytes(2, Buffer.concat([int(1, 0), bytes(2, entry(1, 'app', 'd'))]))]);
    expect(decodeProtobuf(envelope('apps/v1', 'Deployment', dep))).toMatchObject({ spec: { replicas: 0, selector: { matchLabels: { app: 'd' } } } });
    const port = Buffer.concat([int(3, 80), bytes(4, Buffer.concat([int(1, 1), str(3, 'http')]))]);
    const svc = Buffer.concat([bytes(1, str(1, 's')), bytes(2, bytes(1, port))]);
    expect(decodeProtobuf(envelope('v1', 'Service', svc))).toMatchObject({ spec: { ports: [{ port: 80, targetPort: 'http' }] } });
  });

  it('decodes DeleteOptions without type metadata in the result', () => {
    const raw = Buffer.concat([int(1, 0), str(4, 'Foreground')]);
    expect(decodeProtobuf(envelope('v1', 'DeleteOptions', raw))).toEqual({ propagationPolicy: 'Foreground' });
  });

  it('answers 415 for unknown kinds, missing magic and truncated data', () => {
    for (const body of [envelope('batch/v1', 'Job', Buffer.alloc(0)), Buffer.from('{}'), envelope('v1', 'ConfigMap', Buffer.from([0x0a, 0x05, 0x01]))]) {
      expect(() => decodeProtobuf(body)).toThrow(ApiError);
      try {
        decodeProtobuf(body);
      } catch (e) {
        expect((e as ApiError).code).toBe(415);
      }
    }
  });
});
