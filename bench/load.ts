/**
 * Measurements with autocannon against loopback URLs. The endpoints of one scenario (the app and
 * its baselines) are measured interleaved: each gets the same number of short slices, alternating
 * in A-B-B-A order, so a machine that slows down or speeds up mid-run slows every side alike and
 * the ratio holds. Each endpoint is warmed up first (JIT, statement caches, pools); those figures
 * are discarded.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  connections: number;
  /** Seconds of measured load per endpoint, split into `rounds` slices. */
  durationS: number;
  /** Number of slices per endpoint. */
  rounds: number;
  /** Seconds of discarded load per endpoint before the first slice. */
  warmupS: number;
}

/** A URL to load and the headers to send with every request. */
export interface Endpoint {
  label: string;
  url: string;
  headers: Record<string, string>;
  /** Requests each connection sends in turn instead of GET `url` (other paths, methods, bodies). */
  requests?: autocannon.Request[];
}

/** What the measured slices of one endpoint gave together. Latencies in milliseconds. */
export interface Figures {
  label: string;
  url: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Requests per second of each slice, in the order measured. */
  slices: number[];
  /** Answers that were not 2xx: a scenario with any is not measuring what it claims. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

/** A slice's result before aggregation (`skipAggregateResult`); autocannon does not type it. */
interface RawResult {
  totalCompletedRequests: number;
  duration: number;
  non2xx: number;
  errors: number;
}

// Merges the latency histograms of several slices; exported by autocannon but missing from its types.
const aggregate = (autocannon as unknown as { aggregateResult(results: RawResult[], opts: object): autocannon.Result })
  .aggregateResult;

/** Autocannon checks its stop flag once per sample interval; short intervals keep slices exact. */
const SAMPLE_MS = 100;

let running: autocannon.Instance | undefined;

/** Stops the load in flight, if any (on Ctrl-C). */
export function stopLoad(): void {
  running?.stop();
}

function run(endpoint: Endpoint, connections: number, durationS: number): Promise<RawResult> {
  if (new URL(endpoint.url).hostname !== '127.0.0.1')
    throw new Error(`refusing to load ${endpoint.url}: loopback only`);
  const options = {
    url: endpoint.url,
    headers: endpoint.headers,
    ...(endpoint.requests ? { requests: endpoint.requests } : {}),
    connections,
    duration: durationS,
    sampleInt: SAMPLE_MS,
    skipAggregateResult: true,
  };
  return new Promise((resolve, reject) => {
    running = autocannon(options, (error, result) => {
      running = undefined;
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result as unknown as RawResult);
    });
  });
}

/** Measures the endpoints interleaved; returns their figures in the order given. */
export async function measureInterleaved(endpoints: Endpoint[], options: LoadOptions): Promise<Figures[]> {
  const { connections, rounds } = options;
  for (const endpoint of endpoints) await run(endpoint, connections, options.warmupS);
  const sliceS = options.durationS / rounds;
  const results = endpoints.map((): RawResult[] => []);
  for (let round = 0; round < rounds; round += 1) {
    const order = endpoints.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) results[i]!.push(await run(endpoints[i]!, connections, sliceS));
  }
  return endpoints.map((endpoint, i) => {
    const slices = results[i]!;
    const merged = aggregate(slices, { url: endpoint.url, connections });
    const requests = slices.reduce((sum, s) => sum + s.totalCompletedRequests, 0);
    const seconds = slices.reduce((sum, s) => sum + s.duration, 0);
    return {
      label: endpoint.label,
      url: endpoint.url,
      requestsPerSecond: requests / seconds,
      p50Ms: merged.latency.p50,
      p99Ms: merged.latency.p99,
      requests,
      slices: slices.map((s) => s.totalCompletedRequests / s.duration),
      non2xx: slices.reduce((sum, s) => sum + s.non2xx, 0),
      errors: slices.reduce((sum, s) => sum + s.errors, 0),
    };
  });
}
