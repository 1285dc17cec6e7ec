/**
 * The real application (buildApp, as `rotes-netz start` builds it) plus two routes for the
 * benchmark: `POST /bench/publish` records a `post.created` live event for a room in a
 * transaction, as the posts service does (recordLiveEvent → publish after commit → gateway →
 * sockets), and the stats routes of servers-common.ts.
 */
import { inTransaction, openDatabase, recordLiveEvent } from '@rotes-netz/core';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { fullGc, stats } from './servers-common.ts';

const config = loadConfig();
const database = openDatabase(config.databaseUrl);
const app = await buildApp({ config, database });

app.post<{ Body: { roomId: number; seq: number } }>('/bench/publish', async (request) => {
  const { roomId, seq } = request.body;
  await inTransaction(database.db, (trx) =>
    recordLiveEvent(trx, `room:${roomId}`, 'post.created', { roomId, threadId: 1, postId: seq }),
  );
  return { ok: true };
});
app.get('/bench/stats', async () => stats(app.liveGateway.stats().delivered));
app.post('/bench/gc', async () => {
  fullGc();
  return stats(app.liveGateway.stats().delivered);
});

const shutdown = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
await app.listen({ port: config.port, host: '127.0.0.1' });
