import { expect, type Page } from '@playwright/test';

/**
 * Opens a thread with three posts in the signed-in member's first room, through the API as the
 * web app would, and returns its address and the anchor of the second post: the kind of link
 * members paste into a chat.
 */
export async function threadWithPosts(page: Page, title: string): Promise<{ path: string; anchor: string }> {
  const list = await page.request.get('/api/v1/rooms');
  expect(list.status()).toBe(200);
  const { groups } = (await list.json()) as { groups: { rooms: { id: number }[] }[] };
  const roomId = groups[0]!.rooms[0]!.id;
  const thread = await page.request.post(`/api/v1/rooms/${roomId}/threads`, {
    data: { title, body: 'Wer kommt mit?' },
  });
  expect(thread.status()).toBe(201);
  const threadId = ((await thread.json()) as { id: number }).id;
  const postIds: number[] = [];
  for (const body of ['Ich bin dabei.', 'Ich bringe Kuchen mit.']) {
    const post = await page.request.post(`/api/v1/threads/${threadId}/posts`, { data: { body } });
    expect(post.status()).toBe(201);
    postIds.push(((await post.json()) as { id: number }).id);
  }
  return { path: `/raeume/${roomId}/themen/${threadId}`, anchor: `#beitrag-${postIds[0]}` };
}
