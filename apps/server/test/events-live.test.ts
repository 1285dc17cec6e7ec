import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { units } from '@rotes-netz/core';
import type { LiveServerMessage } from '@rotes-netz/shared';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';
import { connectReady, type LiveClient } from './support/live-client.ts';

/**
 * The presenter view and the question lists stay current through the live socket: whoever may see
 * an event subscribes to `event:<id>` and receives every change to its questions (asked,
 * supported, merged, hidden, answered) as ids, and nobody else receives anything of it.
 */
describe.each(databaseKinds())('live questions of an event on $dialect', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let member: string;
  let chair: string;
  let outsider: string;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const kv = (await units.getUnit(t.database.db, t.ids.ov)).parentId!;
    const ovB = await units.createUnit(t.database.db, {
      type: 'ortsverein',
      name: 'SPD Berg',
      code: 'OVB',
      parentId: kv,
    });
    await addMember(t.database, {
      unitId: t.ids.ov,
      email: 'chair@example.org',
      number: '300',
      roles: [{ unitId: t.ids.ov, role: 'chair' }],
    });
    await addMember(t.database, { unitId: ovB.id, email: 'berg@example.org', number: '400' });
    [admin, member, chair, outsider] = (await Promise.all(
      ['admin@example.org', 'mitglied@example.org', 'chair@example.org', 'berg@example.org'].map((e) =>
        signIn(t.app, e),
      ),
    )) as [string, string, string, string];
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.ws.terminate();
    await t.close();
  });

  const call = (method: 'POST' | 'PUT' | 'PATCH', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

  const open = async (cookie: string) => {
    const socket = await connectReady(base, { cookie });
    sockets.push(socket);
    return socket;
  };

  const questionEvents = (socket: LiveClient, scope: string) =>
    socket.messages.flatMap((m) => (m.type === 'event' && m.event.scope === scope ? [m.event] : []));

  /** A video conference of the Ortsverein for its members, created by its chair; its id and scope. */
  const createUnitEvent = async (title: string, month: string) => {
    const year = new Date().getUTCFullYear() + 1;
    const created = await call('POST', `/units/${t.ids.ov}/events`, chair, {
      kind: 'video_conference',
      title,
      startsAt: `${year}-${month}-08T19:00`,
      endsAt: `${year}-${month}-08T20:30`,
      online: true,
      audience: 'unit',
    });
    expect(created.statusCode, created.body).toBe(201);
    const eventId = created.json().id as number;
    return { eventId, scope: `event:${eventId}` };
  };

  it('sends every change to the questions to subscribers who may see the event, and to nobody else', async () => {
    const { eventId, scope } = await createUnitEvent('Dialog im Ortsverein', '04');

    const presenter = await open(admin);
    const listener = await open(member);
    const stranger = await open(outsider);
    for (const socket of [presenter, listener, stranger]) socket.send({ type: 'subscribe', scope });
    await presenter.next((m) => m.type === 'subscribed' && m.scope === scope);
    await listener.next((m) => m.type === 'subscribed' && m.scope === scope);
    await stranger.next((m) => m.type === 'error' && m.code === 'live_scope_not_found');

    const ask = async (cookie: string, body: string) => {
      const response = await call('POST', `/events/${eventId}/questions`, cookie, { body });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as number;
    };
    const first = await ask(member, 'Wann fährt der Bus wieder stündlich?');
    const second = await ask(chair, 'Bus stündlich – wann?');
    const third = await ask(chair, 'Was kostet das Ticket?');
    await call('PUT', `/events/${eventId}/questions/${first}/support`, chair);
    await call('PATCH', `/events/${eventId}/questions/${second}`, admin, { mergeIntoId: first });
    await call('PATCH', `/events/${eventId}/questions/${third}`, admin, { hidden: true });
    expect((await call('PATCH', `/events/${eventId}/questions/${first}`, admin, { answered: true })).statusCode).toBe(
      200,
    );

    const isLast = (m: LiveServerMessage) =>
      m.type === 'event' &&
      m.event.type === 'event.question_changed' &&
      (m.event.payload as { questionId: number }).questionId === first &&
      questionEvents(listener, scope).length >= 8;
    await listener.next(isLast);
    await presenter.next((m) => m.type === 'event' && questionEvents(presenter, scope).length >= 8);

    const expected = [
      ['event.question_asked', first],
      ['event.question_asked', second],
      ['event.question_asked', third],
      // supported
      ['event.question_changed', first],
      // merged: the kept question (new supporters) and the duplicate
      ['event.question_changed', first],
      ['event.question_changed', second],
      // hidden, then answered
      ['event.question_changed', third],
      ['event.question_changed', first],
    ];
    for (const socket of [listener, presenter]) {
      const seen = questionEvents(socket, scope).map((e) => [e.type, (e.payload as { questionId: number }).questionId]);
      expect(seen).toEqual(expected);
    }
    // Ids only: the text of a question (a hidden one included) never travels live.
    expect(JSON.stringify(listener.messages)).not.toContain('Ticket');
    expect(questionEvents(stranger, scope)).toEqual([]);
  });

  it('unsubscribes a member who can no longer see the event after its audience is narrowed', async () => {
    const { eventId, scope } = await createUnitEvent('Erst für alle, dann für den Vorsitz', '05');
    const presenter = await open(admin);
    const listener = await open(member);
    for (const socket of [presenter, listener]) socket.send({ type: 'subscribe', scope });
    await presenter.next((m) => m.type === 'subscribed' && m.scope === scope);
    await listener.next((m) => m.type === 'subscribed' && m.scope === scope);

    const narrowed = await call('PATCH', `/events/${eventId}`, chair, { audience: 'role', audienceRoles: ['chair'] });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    await listener.next((m) => m.type === 'unsubscribed' && m.scope === scope);

    const asked = await call('POST', `/events/${eventId}/questions`, chair, { body: 'Nur für den Vorsitz?' });
    expect(asked.statusCode, asked.body).toBe(201);
    await presenter.next((m) => m.type === 'event' && m.event.type === 'event.question_asked');
    expect(questionEvents(listener, scope)).toEqual([]);
  });
});
