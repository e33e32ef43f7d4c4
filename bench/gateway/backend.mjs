// Trivial HTTP app for the gateway bench: answers "hello world" on 127.0.0.1 and prints its port.
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 11 });
  res.end('hello world');
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
