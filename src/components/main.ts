// Runs one component by name: `node dist/component.js <name>`. It is the entry point of the
// container image for kind (config/**/*.yaml run it with args [<name>]) and of the per-pod
// processes in local mode. Each component is imported lazily so a queue-proxy start does not pay
// for the controllers' code.
const components: Record<string, () => Promise<void>> = {
  controller: async () => (await import('./controller.js')).runController(),
  webhook: async () => (await import('./webhook/main.js')).runWebhook(),
  gateway: async () => (await import('./gateway.js')).runGateway(),
  eventing: async () => (await import('./eventing.js')).runEventing(),
  'queue-proxy': async () => (await import('../lib/serving/queue/main.js')).main(),
  autoscaler: async () => (await import('./autoscaling.js')).runAutoscalerComponent(),
  activator: async () => (await import('./autoscaling.js')).runActivatorComponent(),
};

/** Names of every runnable component, for help and errors. */
export function componentNames(): string[] {
  return Object.keys(components).sort();
}

async function run(argv: string[]): Promise<void> {
  const name = argv[0];
  const start = name === undefined ? undefined : components[name];
  if (!start) {
    process.stderr.write(`Error: unknown component '${name ?? ''}'. Available components: ${componentNames().join(', ')}\n`);
    process.exit(1);
  }
  await start();
}

// Only as the process entry (dist/component.js), not when a test imports componentNames.
if (/component\.[cm]?js$/.test(process.argv[1] ?? '')) void run(process.argv.slice(2));
