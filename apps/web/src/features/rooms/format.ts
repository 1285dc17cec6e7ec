/** Small formatting helpers of the rooms pages. */
import { formatNumber } from '../../lib/format.ts';

/** "1,2 MB", "340 KB", "12 B" in the page's language (binary units, as the upload limit is set). */
export function formatSize(bytes: number, lng: string): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${formatNumber(bytes / (1024 * 1024), lng, { maximumFractionDigits: 1 })} MB`;
}

/** The path of a room, a thread and a post within it. */
export const roomPath = (roomId: number) => `/raeume/${roomId}`;
export const threadPath = (roomId: number, threadId: number) => `/raeume/${roomId}/themen/${threadId}`;
export const postAnchor = (postId: number) => `beitrag-${postId}`;
