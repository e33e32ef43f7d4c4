// Bundled stand-in for the helloworld samples (gcr.io/knative-samples/helloworld-go and friends):
// answers every request with "Hello <TARGET>!" where TARGET defaults to "World", on $PORT (8080).
// In local mode the node agent runs this instead of pulling the image, so the tutorials work
// without Docker.
import { createServer } from 'node:http';

const target = process.env.TARGET || 'World';
const port = Number(process.env.PORT || 8080);

const server = createServer((req, res) => {
  console.log('helloworld: received a request');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(`Hello ${target}!\n`);
});

server.listen(port, () => console.log(`helloworld: listening on port ${port}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
