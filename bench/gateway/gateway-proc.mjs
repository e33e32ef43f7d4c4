// Runs the bundled gateway in its own process for the bench: routes one host to the backend port
// given as argv[2], listens on 127.0.0.1:0 and prints its port.
const [bundle, backendPort] = process.argv.slice(2);
const { createGateway, translate } = await import(bundle);

const ingress = {
  metadata: { name: 'hello', namespace: 'default', generation: 1 },
  spec: {
    rules: [
      {
        hosts: ['hello.default.example.com'],
        visibility: 'ExternalIP',
        http: {
          paths: [
            {
              splits: [
                {
                  serviceNamespace: 'default',
                  serviceName: 'hello-00001',
                  servicePort: 80,
                  percent: 100,
                  appendHeaders: { 'Knative-Serving-Revision': 'hello-00001', 'Knative-Serving-Namespace': 'default' },
                },
              ],
            },
          ],
        },
      },
    ],
  },
};
const gw = createGateway();
gw.setRoutes(translate({ ingresses: [ingress], endpoints: () => [`127.0.0.1:${backendPort}`] }));
const { port } = await gw.listen();
process.stdout.write(`${port}\n`);
