/**
 * The baseline: a bare `ws` server that broadcasts each post to every connected socket in one
 * loop, serialised once (no authentication, no scopes, no slices, no slow-consumer check).
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { eventJson, fullGc, stats } from './servers-common.ts';

let delivered = 0;
const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    if (request.method === 'POST' && request.url === '/bench/publish') {
      const { roomId, seq } = JSON.parse(Buffer.concat(chunks).toString()) as { roomId: number; seq: number };
      const data = Buffer.from(eventJson(roomId, seq));
      for (const client of wss.clients) client.send(data, { binary: false });
      delivered += wss.clients.size;
      response.end('{"ok":true}');
      return;
    }
    if (request.url === '/bench/gc') fullGc();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(stats(delivered)));
  });
});
const wss = new WebSocketServer({ server, maxPayload: 4096, perMessageDeflate: false });
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
