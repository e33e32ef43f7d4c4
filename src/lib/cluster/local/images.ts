// Images that local mode runs as bundled programs instead of pulling them: the samples the tutorials
// use, and our own components (queue-proxy). Everything else needs `--cmd` (or a container runtime).
import { registerImage } from '../node/index.js';
import { distScript } from './daemon.js';

const helloworld = [
  'gcr.io/knative-samples/helloworld*',
  'ghcr.io/knative/helloworld*',
  'docker.io/*/helloworld-go',
  'gcr.io/knative-samples/autoscale-go',
];
const eventDisplay = [
  'gcr.io/knative-releases/knative.dev/eventing/cmd/event_display',
  'gcr.io/knative-releases/knative.dev/eventing-contrib/cmd/event_display',
  'ghcr.io/knative/event-display',
];

let registered = false;

/** Registers the bundled images with the node agent (idempotent). */
export function registerLocalImages(): void {
  if (registered) return;
  registered = true;
  const node = process.execPath;
  for (const image of helloworld) registerImage(image, { command: [node, distScript('samples/helloworld')] });
  for (const image of eventDisplay) registerImage(image, { command: [node, distScript('samples/event-display')] });
  registerImage(/(^|\/)queue(-proxy)?(@|:|$)|knative\.dev\/serving\/cmd\/queue/, { command: [node, distScript('component'), 'queue-proxy'] });
  // Our component image (Dockerfile): entry point dist/component.js, default argument queue-proxy;
  // the manifests' containers pass the component name as args, which replace the default.
  registerImage('ghcr.io/kn-ts/kn-ts', { command: [node, distScript('component')], args: ['queue-proxy'] });
}
