// The Service object `kn service create|apply` starts from: a bare one from the name, or one read
// from -f FILE (YAML or JSON), before the edit flags are applied.
import type { V1Container } from '@kubernetes/client-node';
import { yaml } from '../../cli/lazy-modules.js';
import type { Service } from '../types.js';
import { SERVING_API_VERSION } from '../types.js';

const USER_IMAGE_ANNOTATION = 'client.knative.dev/user-image';

/** A new Service with one empty container; the user-image placeholder makes kn record the image. */
export function newService(name: string, namespace: string): Service {
  return {
    apiVersion: SERVING_API_VERSION,
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      template: {
        metadata: { annotations: { [USER_IMAGE_ANNOTATION]: '' } },
        // Go leaves the container name empty (omitted on the wire); Serving names it.
        spec: { containers: [{} as V1Container] },
      },
    },
  };
}

/** Parses a Service file and reconciles its name with the command argument (kn's rules and texts). */
export function serviceFromFile(text: string, argName: string, namespace: string): Service {
  let doc: unknown;
  // Like upstream's decoder, only the first document of a multi-document file is read.
  const first = yaml().parseAllDocuments(text)[0];
  if (first && !Array.isArray(first) && first.errors.length > 0) {
    throw new Error(`error converting YAML to JSON: ${first.errors[0].message}`);
  }
  doc = first && !Array.isArray(first) ? first.toJS() : null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error('the file does not contain a Service object');
  }
  const svc = doc as Partial<Service>;
  const metadata = { ...(svc.metadata ?? {}) };
  const fileName = metadata.name ?? '';
  if (argName !== '' && fileName !== '' && argName !== fileName) {
    throw new Error(`provided service name '${argName}' doesn't match name from file '${fileName}'`);
  }
  if (argName === '' && fileName === '') throw new Error('no service name provided in command parameter or file');
  metadata.name = fileName || argName;
  metadata.namespace = namespace;
  const spec = svc.spec ?? { template: { spec: { containers: [] } } };
  spec.template ??= { spec: { containers: [] } };
  spec.template.spec ??= { containers: [] };
  return { ...svc, apiVersion: svc.apiVersion ?? SERVING_API_VERSION, kind: svc.kind ?? 'Service', metadata, spec } as Service;
}
