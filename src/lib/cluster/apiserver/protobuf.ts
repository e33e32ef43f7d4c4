// Decoding of kube's protobuf request bodies for the kinds kubectl creates with its typed clients
// (which always send protobuf): `kubectl create configmap|secret|namespace|serviceaccount|
// deployment|service`, `kubectl run`, plus DeleteOptions. The envelope is the `k8s\0` magic followed by runtime.Unknown; the field
// numbers come from k8s.io/api generated.proto. Responses are always JSON.
import { unsupportedMediaType } from './errors.js';

/** How one protobuf field maps to JSON. */
type Kind =
  | 'string'
  | 'bytes'
  | 'int'
  /** An int whose zero is meaningful (pointer fields such as replicas). */
  | 'int0'
  | 'intOrString'
  | 'bool'
  | 'time'
  | 'mapString'
  | 'mapBytes'
  | { msg: Schema }
  | { repeated: 'string' | { msg: Schema } };
/** Field number to [JSON name, kind]. */
type Schema = Record<number, [string, Kind]>;

const time: Schema = { 1: ['seconds', 'int'], 2: ['nanos', 'int'] };
const ownerReference: Schema = {
  1: ['kind', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['controller', 'bool'],
  7: ['blockOwnerDeletion', 'bool'],
};
const objectMeta: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', 'time'],
  9: ['deletionTimestamp', 'time'],
  10: ['deletionGracePeriodSeconds', 'int'],
  11: ['labels', 'mapString'],
  12: ['annotations', 'mapString'],
  13: ['ownerReferences', { repeated: { msg: ownerReference } }],
  14: ['finalizers', { repeated: 'string' }],
};
const objectReference: Schema = {
  1: ['kind', 'string'],
  2: ['namespace', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['fieldPath', 'string'],
};
const meta: [string, Kind] = ['metadata', { msg: objectMeta }];

// Pods and workloads: the fields `kubectl run`, `create deployment` and `create service` set.
// Fields not listed are skipped, so a richer object loses them rather than failing.
const container: Schema = {
  1: ['name', 'string'],
  2: ['image', 'string'],
  3: ['command', { repeated: 'string' }],
  4: ['args', { repeated: 'string' }],
  5: ['workingDir', 'string'],
  6: ['ports', { repeated: { msg: { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'], 5: ['hostIP', 'string'] } } }],
  7: ['env', { repeated: { msg: { 1: ['name', 'string'], 2: ['value', 'string'] } } }],
  13: ['terminationMessagePath', 'string'],
  14: ['imagePullPolicy', 'string'],
  16: ['stdin', 'bool'],
  18: ['tty', 'bool'],
  20: ['terminationMessagePolicy', 'string'],
};
const podSpec: Schema = {
  2: ['containers', { repeated: { msg: container } }],
  3: ['restartPolicy', 'string'],
  4: ['terminationGracePeriodSeconds', 'int0'],
  6: ['dnsPolicy', 'string'],
  7: ['nodeSelector', 'mapString'],
  8: ['serviceAccountName', 'string'],
  10: ['nodeName', 'string'],
  19: ['schedulerName', 'string'],
  20: ['initContainers', { repeated: { msg: container } }],
};
const podTemplateSpec: Schema = { 1: meta, 2: ['spec', { msg: podSpec }] };
const labelSelector: Schema = {
  1: ['matchLabels', 'mapString'],
  2: ['matchExpressions', { repeated: { msg: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', { repeated: 'string' }] } } }],
};
const servicePort: Schema = { 1: ['name', 'string'], 2: ['protocol', 'string'], 3: ['port', 'int'], 4: ['targetPort', 'intOrString'], 5: ['nodePort', 'int'] };

/** Schemas by `apiVersion/kind`. */
const schemas: Record<string, Schema> = {
  'v1/ConfigMap': { 1: meta, 2: ['data', 'mapString'], 3: ['binaryData', 'mapBytes'], 4: ['immutable', 'bool'] },
  'v1/Secret': { 1: meta, 2: ['data', 'mapBytes'], 3: ['type', 'string'], 4: ['stringData', 'mapString'], 5: ['immutable', 'bool'] },
  'v1/Namespace': { 1: meta, 2: ['spec', { msg: { 1: ['finalizers', { repeated: 'string' }] } }], 3: ['status', { msg: { 1: ['phase', 'string'] } }] },
  'v1/ServiceAccount': {
    1: meta,
    2: ['secrets', { repeated: { msg: objectReference } }],
    3: ['imagePullSecrets', { repeated: { msg: { 1: ['name', 'string'] } } }],
    4: ['automountServiceAccountToken', 'bool'],
  },
  'v1/Pod': { 1: meta, 2: ['spec', { msg: podSpec }] },
  'v1/Service': {
    1: meta,
    2: ['spec', { msg: { 1: ['ports', { repeated: { msg: servicePort } }], 2: ['selector', 'mapString'], 3: ['clusterIP', 'string'], 4: ['type', 'string'], 10: ['externalName', 'string'] } }],
  },
  'apps/v1/Deployment': {
    1: meta,
    2: [
      'spec',
      {
        msg: {
          1: ['replicas', 'int0'],
          2: ['selector', { msg: labelSelector }],
          3: ['template', { msg: podTemplateSpec }],
          4: ['strategy', { msg: { 1: ['type', 'string'] } }],
          5: ['minReadySeconds', 'int'],
          6: ['revisionHistoryLimit', 'int0'],
          7: ['paused', 'bool'],
          9: ['progressDeadlineSeconds', 'int0'],
        },
      },
    ],
  },
  'v1/DeleteOptions': {
    1: ['gracePeriodSeconds', 'int'],
    2: ['preconditions', { msg: { 1: ['uid', 'string'], 2: ['resourceVersion', 'string'] } }],
    3: ['orphanDependents', 'bool'],
    4: ['propagationPolicy', 'string'],
    5: ['dryRun', { repeated: 'string' }],
  },
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    throw new Error('varint too long');
  }
  bytes(): Buffer {
    const n = this.varint();
    if (this.pos + n > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function mapEntry(buf: Buffer, valueBytes: boolean): [string, string] {
  const r = new Reader(buf);
  let k = '';
  let v = '';
  while (!r.done()) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    if (field === 1 && tag % 8 === 2) k = r.bytes().toString('utf8');
    else if (field === 2 && tag % 8 === 2) {
      const b = r.bytes();
      v = valueBytes ? b.toString('base64') : b.toString('utf8');
    } else r.skip(tag % 8);
  }
  return [k, v];
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, any> = {};
  while (!r.done()) {
    const tag = r.varint();
    const wire = tag % 8;
    const spec = schema[Math.floor(tag / 8)];
    if (!spec) {
      r.skip(wire);
      continue;
    }
    const [name, kind] = spec;
    // gogo-protobuf writes every scalar, set or not; JSON omits empty ones, so zero values are dropped.
    if (kind === 'int') {
      // Negative int64 arrive as 10-byte two's complement; none of our fields are negative.
      const v = r.varint();
      if (v !== 0) out[name] = v;
    } else if (kind === 'int0') {
      out[name] = r.varint();
    } else if (kind === 'intOrString') {
      // intstr.IntOrString: type (0 int, 1 string), intVal, strVal.
      const v = decodeMessage(r.bytes(), { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] }) as { type?: number; intVal?: number; strVal?: string };
      out[name] = v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    } else if (kind === 'bool') {
      if (r.varint() !== 0) out[name] = true;
    } else if (kind === 'string') {
      const v = r.bytes().toString('utf8');
      if (v !== '') out[name] = v;
    } else if (kind === 'bytes') out[name] = r.bytes().toString('base64');
    else if (kind === 'time') {
      const t = decodeMessage(r.bytes(), time) as { seconds?: number };
      out[name] = new Date((t.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    } else if (kind === 'mapString' || kind === 'mapBytes') {
      const [k, v] = mapEntry(r.bytes(), kind === 'mapBytes');
      (out[name] ??= {})[k] = v;
    } else if ('msg' in kind) out[name] = decodeMessage(r.bytes(), kind.msg);
    else {
      const item = kind.repeated === 'string' ? r.bytes().toString('utf8') : decodeMessage(r.bytes(), kind.repeated.msg);
      (out[name] ??= []).push(item);
    }
  }
  return out;
}

const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const unknown: Schema = { 1: ['typeMeta', { msg: { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] } }], 2: ['raw', 'bytes'] };

/** Decodes a `application/vnd.kubernetes.protobuf` body into the JSON object it encodes. */
export function decodeProtobuf(buf: Buffer): Record<string, unknown> {
  if (buf.length < 4 || !buf.subarray(0, 4).equals(magic)) throw unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  const env = decodeMessage(buf.subarray(4), unknown) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = env.typeMeta?.apiVersion ?? '';
  const kind = env.typeMeta?.kind ?? '';
  const schema = schemas[`${apiVersion}/${kind}`] ?? (kind === 'DeleteOptions' ? schemas['v1/DeleteOptions'] : undefined);
  if (!schema)
    throw unsupportedMediaType(
      `protobuf bodies of ${kind || 'this kind'} are not supported by this server - accepted media types include: application/json, application/yaml`,
    );
  try {
    const obj = decodeMessage(Buffer.from(env.raw ?? '', 'base64'), schema);
    return kind === 'DeleteOptions' ? obj : { apiVersion, kind, ...obj };
  } catch (e) {
    throw unsupportedMediaType(`the body of the request could not be decoded as protobuf: ${(e as Error).message}`);
  }
}
