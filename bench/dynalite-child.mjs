// dynalite in its own process, so the benchmark can tell our CPU from the local DynamoDB's.
// Started by bench/dynamo.ts; answers {cpu} requests with its own process.cpuUsage().
import dynalite from 'dynalite';

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
// Never outlive the benchmark (an interrupted run must not leave a server behind).
process.on('disconnect', () => process.exit(0));
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (message === 'stop') server.close(() => process.exit(0));
});
