/**
 * What every benchmark server offers besides its sockets: `GET /stats` (CPU time, memory) and
 * `POST /gc` (a full garbage collection, so memory figures compare live data, not garbage).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

export interface ServerStats {
  /** User + system CPU time of the process so far, in microseconds. */
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Deliveries the server counted (the gateway's own figure; bare servers count their sends). */
  delivered: number;
}

export function stats(delivered: number): ServerStats {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, delivered };
}

export function fullGc(): void {
  collect();
  collect();
}

/** The event every server sends for post `seq`, byte for byte the same shape as the gateway's. */
export function eventJson(roomId: number, seq: number): string {
  return JSON.stringify({
    type: 'event',
    event: { id: seq, scope: `room:${roomId}`, type: 'post.created', payload: { roomId, threadId: 1, postId: seq } },
  });
}
