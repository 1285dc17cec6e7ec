import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { expectSafeCsv } from './support/csv.ts';
import sharp from 'sharp';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, buildTestApp, signIn, type TestApp } from './support/app.ts';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Phases with "now" inside the one named. */
function phasesAround(phase: 'ideas' | 'draft' | 'amendments' | 'closed') {
  const offset = { ideas: 0, draft: 3, amendments: 6, closed: 9 }[phase];
  const start = Date.now() - (offset + 1) * HOUR;
  return {
    ideasFrom: iso(start),
    ideasUntil: iso(start + 2 * HOUR),
    draftFrom: iso(start + 3 * HOUR),
    draftUntil: iso(start + 5 * HOUR),
    amendmentsFrom: iso(start + 6 * HOUR),
    amendmentsUntil: iso(start + 8 * HOUR),
  };
}

const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `wort${from + i}`).join(' ');

describe.each(databaseKinds())('programme process on $dialect', (kind) => {
  let t: TestApp;
  let admin: string;
  let member: string;
  let other: string;
  let commission: string;
  let commission2: string;
  let processId: number;
  let chapterIds: number[];

  beforeAll(async () => {
    t = await buildTestApp(kind, { RATE_LIMIT_PER_MINUTE: '100000' });
    await addMember(t.database, { unitId: t.ids.ov, email: 'andere@example.org', number: '300' });
    for (const [email, number] of [
      ['kommission@example.org', '400'],
      ['kommission2@example.org', '401'],
    ] as const) {
      const id = await addMember(t.database, { unitId: t.ids.ov, email, number });
      await t.database.db
        .insertInto('member_roles')
        .values({
          member_id: id,
          unit_id: t.ids.lv,
          role: 'programme_commission',
          source: 'app',
          created_at: Date.now(),
        })
        .execute();
    }
    const cookies = await Promise.all(
      ['admin', 'mitglied', 'andere', 'kommission', 'kommission2'].map((n) => signIn(t.app, `${n}@example.org`)),
    );
    [admin, member, other, commission, commission2] = cookies as [string, string, string, string, string];
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

  const setPhase = async (phase: Parameters<typeof phasesAround>[0]) => {
    const response = await call('PATCH', `/programme/processes/${processId}`, admin, { phases: phasesAround(phase) });
    expect(response.statusCode).toBe(200);
    expect(response.json().phase).toBe(phase);
  };

  it('lets LV admins set up a process; members cannot, and phases out of order are refused', async () => {
    const body = {
      title: 'Regierungsprogramm Landtagswahl',
      description: 'Eure **Ideen** für das Programm',
      phases: phasesAround('ideas'),
      amendmentThreshold: 2,
      chapters: [{ title: 'Mobilität' }, { title: 'Bildung' }, { title: 'Arbeit im Wandel' }],
    };
    expect((await call('POST', '/programme/processes', member, body)).statusCode).toBe(404);
    const reversed = { ...body, phases: { ...body.phases, ideasUntil: body.phases.ideasFrom } };
    const refused = await call('POST', '/programme/processes', admin, reversed);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe('/phases/ideasUntil');

    const created = await call('POST', '/programme/processes', admin, body);
    expect(created.statusCode).toBe(201);
    const process = created.json();
    processId = process.id;
    chapterIds = process.chapters.map((c: { id: number }) => c.id);
    expect(process).toMatchObject({ phase: 'ideas', permissions: { submitIdea: true, administer: true } });
    expect(process.descriptionHtml).toContain('<strong>Ideen</strong>');

    const seen = await call('GET', `/programme/processes/${processId}`, member);
    expect(seen.json().permissions).toEqual({
      administer: false,
      commission: false,
      submitIdea: true,
      fileAmendment: false,
    });
    expect((await call('GET', '/programme/processes', member)).json().items[0]).toMatchObject({
      id: processId,
      phase: 'ideas',
    });
  });

  let ideaId: number;

  it('takes an idea, with its discussion thread in the process room', async () => {
    const response = await call('POST', `/programme/processes/${processId}/ideas`, member, {
      chapterId: chapterIds[0],
      title: 'Nahverkehr im ländlichen Raum',
      body: 'Jedes Dorf stündlich an den **Bus**.',
    });
    expect(response.statusCode).toBe(201);
    const idea = response.json();
    ideaId = idea.id;
    expect(idea).toMatchObject({
      status: 'submitted',
      supportCount: 0,
      commentCount: 0,
      permissions: { support: false },
    });
    expect(idea.bodyHtml).toContain('<strong>Bus</strong>');

    // Comments are posts in the idea's thread.
    const comment = await call('POST', `/threads/${idea.threadId}/posts`, other, { body: 'Gute Idee!' });
    expect(comment.statusCode).toBe(201);
    expect((await call('GET', `/programme/ideas/${ideaId}`, member)).json().commentCount).toBe(1);

    const wrongChapter = await call('POST', `/programme/processes/${processId}/ideas`, member, {
      chapterId: 999_999,
      title: 'x',
      body: 'y',
    });
    expect(wrongChapter.statusCode).toBe(422);
    const huge = await call('POST', `/programme/processes/${processId}/ideas`, member, {
      chapterId: chapterIds[0],
      title: 'Zu lang',
      body: 'x'.repeat(20_001),
    });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().code).toBe('validation_failed');
    const notBoard = await call('POST', `/programme/processes/${processId}/ideas`, member, {
      chapterId: chapterIds[0],
      title: 'Für den OV',
      body: 'Text',
      unitId: t.ids.ov,
    });
    expect(notBoard.statusCode).toBe(422);
    expect((await call('GET', `/programme/processes/${processId}/ideas`, member)).json().items).toHaveLength(1);
  });

  it('counts a support once, refuses supporting one’s own idea, and lets a support be withdrawn', async () => {
    const own = await call('PUT', `/programme/ideas/${ideaId}/support`, member);
    expect(own.statusCode).toBe(422);
    expect(own.json().code).toBe('cannot_support_own');
    expect((await call('PUT', `/programme/ideas/${ideaId}/support`, other)).json()).toMatchObject({
      supportCount: 1,
      supported: true,
    });
    expect((await call('PUT', `/programme/ideas/${ideaId}/support`, other)).json().supportCount).toBe(1);
    expect((await call('DELETE', `/programme/ideas/${ideaId}/support`, other)).json()).toMatchObject({
      supportCount: 0,
      supported: false,
    });
    await call('PUT', `/programme/ideas/${ideaId}/support`, other);
  });

  it('carries an idea’s attachment, uploaded to the process room', async () => {
    const process = (await call('GET', `/programme/processes/${processId}`, member)).json();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#b5000c' } })
      .png()
      .toBuffer();
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/rooms/${process.roomId}/attachments`,
      headers: { cookie: member, 'content-type': 'image/png', 'x-file-name': 'plakat.png' },
      payload: png,
    });
    expect(upload.statusCode).toBe(201);
    const created = await call('POST', `/programme/processes/${processId}/ideas`, member, {
      chapterId: chapterIds[2],
      title: 'Mit Plakat',
      body: 'Siehe Anhang.',
      attachmentIds: [upload.json().id],
    });
    expect(created.statusCode).toBe(201);
    const seen = (await call('GET', `/programme/ideas/${created.json().id}`, other)).json();
    expect(seen.attachments).toEqual([expect.objectContaining({ fileName: 'plakat.png', mediaType: 'image/png' })]);
    expect(
      (await t.app.inject({ method: 'GET', url: seen.attachments[0].url, headers: { cookie: other } })).statusCode,
    ).toBe(200);
    // Not part of the ranking tests below.
    await t.database.db.deleteFrom('ideas').where('id', '=', created.json().id).execute();
  });

  it('sorts by support and filters by chapter, status and author', async () => {
    const second = (
      await call('POST', `/programme/processes/${processId}/ideas`, other, {
        chapterId: chapterIds[1],
        title: 'Kostenlose Kitas',
        body: 'Bildung von Anfang an.',
      })
    ).json();
    const list = (q: string) =>
      call('GET', `/programme/processes/${processId}/ideas${q}`, member).then((r) =>
        r.json().items.map((i: { id: number }) => i.id),
      );
    expect(await list('?sort=newest')).toEqual([second.id, ideaId]);
    expect(await list('?sort=support')).toEqual([ideaId, second.id]);
    expect(await list(`?chapterId=${chapterIds[1]}`)).toEqual([second.id]);
    expect(await list('?mine=true')).toEqual([ideaId]);
    expect(await list('?myUnit=true')).toEqual([second.id, ideaId]);
    const paged = (await call('GET', `/programme/processes/${processId}/ideas?sort=support&limit=1`, member)).json();
    expect(paged.items.map((i: { id: number }) => i.id)).toEqual([ideaId]);
    const next = await list(`?sort=support&limit=1&cursor=${paged.nextCursor}`);
    expect(next).toEqual([second.id]);
    expect((await call('GET', `/programme/processes/${processId}/ideas?cursor=kaputt`, member)).statusCode).toBe(422);
  });

  it('lets only the commission answer, tells author and supporters, and refuses a stale version (409)', async () => {
    const answer = { status: 'accepted', answer: 'Wir übernehmen das in Kapitel 1.', expectedVersion: 1 };
    const byMember = await call('PUT', `/programme/ideas/${ideaId}/answer`, other, answer);
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().code).toBe('programme_commission_only');

    // Two commission members answer the same version at the same moment: one wins, one gets 409.
    const [a, b] = await Promise.all([
      call('PUT', `/programme/ideas/${ideaId}/answer`, commission, answer),
      call('PUT', `/programme/ideas/${ideaId}/answer`, commission2, { ...answer, status: 'rejected' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const idea = (await call('GET', `/programme/ideas/${ideaId}`, member)).json();
    expect(idea.version).toBe(2);
    expect(idea.answer.html).toContain('Wir übernehmen');

    const told = await t.database.db
      .selectFrom('notifications')
      .select('member_id')
      .where('kind', '=', 'idea_answered')
      .execute();
    expect(told.map((n) => n.member_id).sort()).toEqual(
      [
        t.ids.member,
        (
          await t.database.db
            .selectFrom('members')
            .select('id')
            .where('member_number', '=', '300')
            .executeTakeFirstOrThrow()
        ).id,
      ].sort(),
    );

    const bell = (await call('GET', '/notifications', member)).json();
    expect(bell.items[0]).toMatchObject({ kind: 'idea_answered', url: `/programm/${processId}/ideen/${ideaId}` });

    const stats = (await call('GET', `/programme/processes/${processId}/stats`, other)).json();
    expect(stats.ideas).toMatchObject({ submitted: 1, accepted: idea.status === 'accepted' ? 1 : 0 });
    expect(stats.chapters[0].ideas[idea.status]).toBe(1);
  });

  it('closes idea submission and support when the phase ends', async () => {
    await setPhase('draft');
    const late = await call('POST', `/programme/processes/${processId}/ideas`, member, {
      chapterId: chapterIds[0],
      title: 'Zu spät',
      body: 'Text',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('programme_phase_closed');
    expect(late.json().title).toMatch(/Phase/);
    expect((await call('PUT', `/programme/ideas/${ideaId}/support`, member)).statusCode).toBe(409);
  });

  let draftLines: { number: number; text: string; chapterId: number }[];

  it('publishes a draft that everyone reads with the same line numbers', async () => {
    const texts = [
      `# Mobilität\n\n${words(150)}\n\n${words(150, 1000)}`,
      `# Bildung\n\n${words(60, 200)}`,
      `# Arbeit im Wandel\n\n${words(40, 300)}`,
    ];
    const body = {
      chapters: chapterIds.map((chapterId, i) => ({ chapterId, text: texts[i] })),
      note: 'Erster Entwurf',
    };
    expect((await call('POST', `/programme/processes/${processId}/drafts`, member, body)).statusCode).toBe(403);
    const published = await call('POST', `/programme/processes/${processId}/drafts`, commission, body);
    expect(published.statusCode).toBe(201);
    expect(published.json()).toMatchObject({ version: 1 });
    const draft = (await call('GET', `/programme/processes/${processId}/drafts/1`, member)).json();
    draftLines = draft.lines;
    expect(draft.lines.length).toBeGreaterThan(20);
    expect(draft.lines.map((l: { number: number }) => l.number)).toEqual(
      draft.lines.map((_: unknown, i: number) => i + 1),
    );
    expect(draft.chapters[0]).toMatchObject({ title: 'Mobilität', firstLine: 1 });
    expect((await call('GET', `/programme/processes/${processId}/drafts/9`, member)).statusCode).toBe(404);
  });

  let amendmentId: number;

  it('takes amendments on lines 12–14 only while amendments are open, shows the diff, and refuses bad ranges', async () => {
    const replace = {
      draftVersion: 1,
      kind: 'replace',
      fromLine: 12,
      toLine: 14,
      text: `${draftLines[11]!.text} Straßenbahn für alle`,
      reason: 'Die Schiene fehlt.',
    };
    const early = await call('POST', `/programme/processes/${processId}/amendments`, member, replace);
    expect(early.json().code).toBe('programme_phase_closed');
    await setPhase('amendments');

    const outside = await call('POST', `/programme/processes/${processId}/amendments`, member, {
      ...replace,
      fromLine: draftLines.length,
      toLine: draftLines.length + 2,
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().code).toBe('lines_outside_draft');

    const filed = await call('POST', `/programme/processes/${processId}/amendments`, member, replace);
    expect(filed.statusCode).toBe(201);
    const amendment = filed.json();
    amendmentId = amendment.id;
    expect(amendment).toMatchObject({ fromLine: 12, toLine: 14, status: 'collecting', supportCount: 0, threshold: 2 });
    expect(amendment.diff).toContainEqual({ type: 'insert', text: expect.stringContaining('Straßenbahn') });
    expect(amendment.diff.filter((d: { type: string }) => d.type === 'delete').length).toBeGreaterThan(0);
    expect(amendment.originalText).toContain(draftLines[12]!.text);
  });

  it('submits an amendment once it has enough supporters', async () => {
    expect((await call('PUT', `/programme/amendments/${amendmentId}/support`, member)).statusCode).toBe(422);
    expect((await call('PUT', `/programme/amendments/${amendmentId}/support`, other)).json().status).toBe('collecting');
    const done = (await call('PUT', `/programme/amendments/${amendmentId}/support`, commission)).json();
    expect(done).toMatchObject({ status: 'submitted', supportCount: 2 });
    expect((await call('DELETE', `/programme/amendments/${amendmentId}/support`, commission)).json()).toMatchObject({
      status: 'submitted',
      supportCount: 1,
    });
  });

  it('flags overlapping amendments and merges only the accepted, non-overlapping ones into a new version', async () => {
    const file = (fromLine: number, toLine: number, text: string, kind = 'replace') =>
      call('POST', `/programme/processes/${processId}/amendments`, other, {
        draftVersion: 1,
        kind,
        fromLine,
        toLine,
        text,
        reason: 'Begründung',
      }).then((r) => r.json());
    const overlapping = await file(14, 15, 'ÜBERLAPPT');
    const separate = await file(20, 20, 'EINGEFÜGT', 'insert');
    const listed = (await call('GET', `/programme/processes/${processId}/amendments`, member)).json().items;
    expect(listed.find((a: { id: number }) => a.id === amendmentId).overlapsWith).toEqual([overlapping.id]);

    const decide = (id: number, procedure: string, version = 1) =>
      call('PUT', `/programme/amendments/${id}/procedure`, commission, { procedure, expectedVersion: version });
    expect(
      (
        await call('PUT', `/programme/amendments/${amendmentId}/procedure`, member, {
          procedure: 'accept',
          expectedVersion: 1,
        })
      ).statusCode,
    ).toBe(403);
    for (const id of [amendmentId, overlapping.id, separate.id])
      expect((await decide(id, 'accept')).statusCode).toBe(200);
    expect((await decide(separate.id, 'reject')).statusCode).toBe(409);

    const merge = await call('POST', `/programme/processes/${processId}/drafts/merge`, commission, {
      note: 'Beschlüsse',
    });
    expect(merge.statusCode).toBe(200);
    const result = merge.json();
    expect(result.draft.version).toBe(2);
    expect(result.merged).toEqual([separate.id]);
    expect(result.overlapping).toEqual([[amendmentId, overlapping.id]]);

    // The commission settles the overlap: the second is done by the first; merging again takes the first.
    expect((await decide(overlapping.id, 'settled', 2)).statusCode).toBe(422);
    await call('PUT', `/programme/amendments/${overlapping.id}/procedure`, commission, {
      procedure: 'settled',
      settledById: amendmentId,
      expectedVersion: 2,
    });
    // The first was filed on version 1; merging works on the current version 2 only, so it stays out.
    const v2 = (await call('GET', `/programme/processes/${processId}/drafts/2`, member)).json();
    expect(v2.lines.map((l: { text: string }) => l.text).join(' ')).toContain('EINGEFÜGT');
    expect(v2.lines.map((l: { text: string }) => l.text).join(' ')).not.toContain('Straßenbahn');

    const stale = await call('POST', `/programme/processes/${processId}/amendments`, other, {
      draftVersion: 1,
      kind: 'delete',
      fromLine: 3,
      toLine: 3,
      text: '',
      reason: 'alt',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('draft_outdated');
  });

  it('merges an accepted amendment of the current version, so the new version contains it', async () => {
    const filed = (
      await call('POST', `/programme/processes/${processId}/amendments`, member, {
        draftVersion: 2,
        kind: 'replace',
        fromLine: 12,
        toLine: 14,
        text: 'Die Straßenbahn kommt in jede Stadt.',
        reason: 'Schiene',
      })
    ).json();
    await call('PUT', `/programme/amendments/${filed.id}/procedure`, commission, {
      procedure: 'accept',
      expectedVersion: 1,
    });
    const result = (await call('POST', `/programme/processes/${processId}/drafts/merge`, commission, {})).json();
    expect(result).toMatchObject({ merged: [filed.id], overlapping: [] });
    const v3 = (await call('GET', `/programme/processes/${processId}/drafts/3`, member)).json();
    const text = v3.lines.map((l: { text: string }) => l.text).join(' ');
    expect(text).toContain('Die Straßenbahn kommt in jede Stadt.');
    expect((await call('GET', `/programme/amendments/${filed.id}`, member)).json().mergedIntoVersion).toBe(3);
  });

  it('takes no more comments on ideas once the process is closed', async () => {
    const idea = (await call('GET', `/programme/ideas/${ideaId}`, member)).json();
    expect((await call('POST', `/threads/${idea.threadId}/posts`, other, { body: 'Noch offen' })).statusCode).toBe(201);
    await setPhase('closed');
    const late = await call('POST', `/threads/${idea.threadId}/posts`, other, { body: 'Zu spät' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('programme_phase_closed');
    expect((await call('GET', `/programme/ideas/${ideaId}`, member)).json().commentCount).toBe(idea.commentCount + 1);
  });

  it('exports CSV that round-trips with formulas neutralised, and a PDF amendment book that parses', async () => {
    await t.database.db
      .updateTable('ideas')
      .set({ title: '=HYPERLINK("http://evil")' })
      .where('id', '=', ideaId)
      .execute();
    expect((await call('GET', `/programme/processes/${processId}/ideas.csv`, member)).statusCode).toBe(403);
    const ideas = await call('GET', `/programme/processes/${processId}/ideas.csv`, commission);
    expect(ideas.headers['content-type']).toContain('text/csv');
    const rows = parse(ideas.body, { bom: true, delimiter: ';', columns: true, relax_quotes: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r['Nr.'] === String(ideaId))!.Titel).toBe(`'=HYPERLINK("http://evil")`);
    expectSafeCsv(ideas.body);
    await t.database.db.updateTable('ideas').set({ title: 'Steuern,=2+5,' }).where('id', '=', ideaId).execute();
    const commaSplit = await call('GET', `/programme/processes/${processId}/ideas.csv`, commission);
    expect(expectSafeCsv(commaSplit.body).map((r) => r[2])).toContain('Steuern,=2+5,');

    const amendments = await call('GET', `/programme/processes/${processId}/amendments.csv`, commission);
    expectSafeCsv(amendments.body);
    const amendmentRows = parse(amendments.body, { bom: true, delimiter: ';', columns: true }) as Record<
      string,
      string
    >[];
    expect(amendmentRows.find((r) => r['Nr.'] === String(amendmentId))).toMatchObject({
      Zeilen: 'Z. 12–14',
      Art: 'Ersetzen',
    });

    const pdf = await call('GET', `/programme/processes/${processId}/amendment-book.pdf`, commission);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const document = await getDocument({ data: new Uint8Array(pdf.rawPayload) }).promise;
    let text = '';
    for (let page = 1; page <= document.numPages; page++) {
      const content = await (await document.getPage(page)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    }
    expect(text).toContain('Antragsbuch');
    expect(text).toContain(`Ä${amendmentId}`);
    expect(text).toContain('Die Schiene fehlt.');
  });
});
