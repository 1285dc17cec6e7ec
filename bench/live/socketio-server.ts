/** The comparison: a socket.io 4 server (WebSocket transport only) broadcasting each post with `io.emit`. */
import http from 'node:http';
import { Server } from 'socket.io';
import { eventJson, fullGc, stats } from './servers-common.ts';

let delivered = 0;
const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    if (request.method === 'POST' && request.url === '/bench/publish') {
      const { roomId, seq } = JSON.parse(Buffer.concat(chunks).toString()) as { roomId: number; seq: number };
      io.emit('event', eventJson(roomId, seq));
      delivered += io.engine.clientsCount;
      response.end('{"ok":true}');
      return;
    }
    if (request.url === '/bench/gc') fullGc();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(stats(delivered)));
  });
});
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
