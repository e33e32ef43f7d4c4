// Getting our component image into the cluster: `docker build` from the installation (the
// Dockerfile's `prebuilt` stage packs the dist/ this kn runs from), or an image the user names,
// then loaded into the cluster's nodes (kind load docker-image / minikube image load).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../local/daemon.js';
import type { QuickstartIO } from './io.js';
import { mustRun, type ToolRunner } from './tools.js';

/** Builds `image` from the kn-ts installation with docker. */
export async function buildImage(runner: ToolRunner, io: QuickstartIO, image: string, root: string = packageRoot()): Promise<void> {
  if (!existsSync(join(root, 'Dockerfile'))) throw new Error(`cannot build the image: no Dockerfile in ${root}; give a prebuilt image with --image`);
  if (!existsSync(join(root, 'dist', 'component.js'))) throw new Error(`cannot build the image: ${join(root, 'dist', 'component.js')} is missing (run 'npm run build' first)`);
  io.out(`📦 Building the kn-ts image ${image} ...`);
  await mustRun(runner, 'image', 'docker', ['build', '--target', 'prebuilt', '--tag', image, root]);
  io.out('    Image built...');
}
