// Runs the bundled activator in its own process for the warm-path bench: argv = bundle path and the
// pod's port; serves on 127.0.0.1:0 and prints its port.
const [bundle, podPort] = process.argv.slice(2);
const { Activator, startActivatorServer } = await import(bundle);

const activator = new Activator({ lookupRevision: () => ({ containerConcurrency: 0, timeoutSeconds: 60 }) });
activator.endpointsChanged({ namespace: 'default', revision: 'hello-00001' }, [`127.0.0.1:${podPort}`]);
const server = await startActivatorServer(activator);
process.stdout.write(`${server.port}\n`);
