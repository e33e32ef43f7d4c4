// Child process of the broker benchmark: the cheapest possible extra hop, a plain Node HTTP proxy
// that forwards the ce- headers and body to the subscriber and answers 202. Its throughput is the
// ceiling any out-of-process broker can reach on the same machine.
import http from 'node:http';

const target = new URL(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, noDelay: true });
const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers = { 'content-length': body.length };
    for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('ce-') || k === 'content-type') headers[k] = v;
    const out = http.request({ agent, method: 'POST', hostname: target.hostname, port: target.port, path: target.pathname, headers }, (r) => {
      r.resume();
      r.on('end', () => {
        res.writeHead(r.statusCode >= 200 && r.statusCode < 300 ? 202 : 500, { 'content-length': 0 });
        res.end();
      });
    });
    out.on('error', () => {
      res.writeHead(500, { 'content-length': 0 });
      res.end();
    });
    out.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/bench/default` }));
process.on('message', (m) => {
  // CPU time so far: the bench reads it at both ends of its measuring window.
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'stop') server.close(() => process.exit(0));
});
