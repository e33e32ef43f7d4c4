// Child process of the broker benchmark: the subscriber. Records the arrival time of each event id
// (wall-clock milliseconds with sub-millisecond precision, comparable across processes) and hands
// the records to the parent on request.
import http from 'node:http';

const arrivals = [];
const wallNow = () => performance.timeOrigin + performance.now();
const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const id = req.headers['ce-id'];
  req.on('data', () => {});
  req.on('end', () => {
    if (id) arrivals.push([id, wallNow()]);
    res.writeHead(200, { 'content-length': 0 });
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/` }));
process.on('message', (m) => {
  if (m === 'dump') process.send({ arrivals: arrivals.splice(0) });
  if (m === 'stop') server.close(() => process.exit(0));
});
