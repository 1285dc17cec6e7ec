/**
 * One download of the PDF amendment book, with the server's resident memory sampled while it
 * streams: a book held whole before sending would raise the server's RSS by about its size (and
 * more, for PDFKit's objects); a streamed one by a small, constant amount. Read at full speed, and
 * by a slow client (about 320 KiB/s), where a producer that ignores backpressure
 * would pile the whole document up in the server's memory instead of waiting.
 */
import http from 'node:http';
import { memoryOf } from '../processes.ts';

export interface BookFigures {
  reader: 'fast' | 'slow';
  bytes: number;
  firstByteMs: number;
  lastByteMs: number;
  /** The server's RSS right before the request, in bytes. */
  idleRss: number;
  /** The highest RSS sampled while the book streamed, in bytes. */
  peakRss: number;
}

/** How often the server's RSS is read while the book streams. */
const SAMPLE_MS = 5;
/** The slow client reads at about 320 KiB/s: a pause of 50 ms after every 16 KiB. */
const SLOW_STEP_BYTES = 16 * 1024;
const SLOW_PAUSE_MS = 50;
const TIMEOUT_MS = 10 * 60_000;

const rssOf = (pid: number | undefined) => (memoryOf(pid)?.rssMiB ?? NaN) * 1024 * 1024;

export async function measureBook(
  url: string,
  cookie: string,
  serverPid: number | undefined,
  reader: BookFigures['reader'],
): Promise<BookFigures> {
  const idleRss = rssOf(serverPid);
  let peakRss = idleRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(serverPid));
  }, SAMPLE_MS);
  const started = performance.now();
  try {
    return await new Promise<BookFigures>((resolve, reject) => {
      const request = http.get(url, { headers: { cookie }, timeout: TIMEOUT_MS }, (response) => {
        if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('application/pdf')) {
          reject(new Error(`GET ${url} answered ${response.statusCode} ${response.headers['content-type']}`));
          response.resume();
          return;
        }
        let bytes = 0;
        let sincePause = 0;
        let firstByteMs = NaN;
        let head = '';
        response.on('data', (chunk: Buffer) => {
          if (bytes === 0) {
            firstByteMs = performance.now() - started;
            head = chunk.subarray(0, 5).toString('latin1');
          }
          bytes += chunk.length;
          sincePause += chunk.length;
          if (reader === 'slow' && sincePause >= SLOW_STEP_BYTES) {
            sincePause = 0;
            response.pause();
            setTimeout(() => response.resume(), SLOW_PAUSE_MS);
          }
        });
        response.on('end', () => {
          if (head !== '%PDF-') reject(new Error(`the book does not start like a PDF (${JSON.stringify(head)})`));
          const lastByteMs = performance.now() - started;
          peakRss = Math.max(peakRss, rssOf(serverPid));
          resolve({
            reader,
            bytes,
            firstByteMs: Math.round(firstByteMs),
            lastByteMs: Math.round(lastByteMs),
            idleRss,
            peakRss,
          });
        });
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
      request.on('error', reject);
    });
  } finally {
    clearInterval(sampler);
  }
}
