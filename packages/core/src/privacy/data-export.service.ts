/**
 * "Download my data": after the password is confirmed, everything the platform holds about the
 * member is written as JSON files into a ZIP, and a one-time link (24 h) is mailed and returned.
 * The link works once, for the signed-in owner only; the file is deleted when it is fetched.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Kysely } from 'kysely';
import type { DataExportStarted, Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { presentMe, type Actor } from '../accounts/actor.ts';
import { verifyPassword } from '../accounts/passwords.ts';
import { fromJson, isoFromMs, toBool } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { consumeEmailToken, issueEmailToken } from '../tokens/email-tokens.ts';
import { renderMail, type MailBranding } from '../mail/mail.layout.ts';
import { queueMail } from '../mail/mail.service.ts';
import { getMyProfile } from './profiles.service.ts';
import { listConsents } from './consents.ts';
import { readPhoto } from './photos.ts';
import { EXPORT_README } from './export-readme.ts';
import { collectContributions } from './export-contributions.ts';

const TTL_MS = 24 * 60 * 60 * 1000;

export interface ExportContext {
  uploadDir: string;
  publicUrl: string;
  brand: MailBranding;
  messageDomain: string;
  ipPrefix: string | null;
}

/** Refuses with `reauthentication_required` unless the password is the account's. */
export async function confirmPassword(db: Kysely<DB>, accountId: number, password: string): Promise<void> {
  const account = await db
    .selectFrom('accounts')
    .select('password_hash')
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account || !(await verifyPassword(account.password_hash, password))) {
    throw new DomainError('reauthentication_required', 'password did not match', [
      { path: '/password', message: 'password does not match' },
    ]);
  }
}

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** Collects every file of the export. */
async function collect(db: Kysely<DB>, actor: Actor, uploadDir: string): Promise<Record<string, Uint8Array>> {
  const [account, member, roles, sessions, events, mails, profile, consents, contributions] = await Promise.all([
    db.selectFrom('accounts').selectAll().where('id', '=', actor.accountId).executeTakeFirstOrThrow(),
    db.selectFrom('members').selectAll().where('id', '=', actor.memberId).executeTakeFirstOrThrow(),
    db.selectFrom('member_roles').selectAll().where('member_id', '=', actor.memberId).execute(),
    db.selectFrom('sessions').selectAll().where('account_id', '=', actor.accountId).orderBy('id').execute(),
    db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'like', 'auth.%')
      .where((eb) =>
        eb.or([eb('actor_account_id', '=', actor.accountId), eb('subject_member_id', '=', actor.memberId)]),
      )
      .orderBy('id')
      .execute(),
    db.selectFrom('mails').selectAll().where('to_address', '=', actor.email).orderBy('id').execute(),
    getMyProfile(db, actor.memberId),
    listConsents(db, actor.accountId),
    collectContributions(db, actor.memberId),
  ]);
  const files: Record<string, Uint8Array> = {
    'README.txt': strToU8(EXPORT_README),
    'account.json': json({
      account: {
        email: account.email,
        locale: account.locale,
        createdAt: isoFromMs(account.created_at),
        emailVerifiedAt: isoFromMs(account.email_verified_at),
        passwordChangedAt: isoFromMs(account.password_changed_at),
      },
      member: {
        memberNumber: member.member_number,
        firstName: member.first_name,
        lastName: member.last_name,
        email: member.email,
        birthDate: member.birth_date,
        status: member.status,
      },
    }),
    'profile.json': json(profile),
    'memberships.json': json({
      memberships: presentMe(actor).memberships.map((m) => ({
        unit: { name: m.unit.name, type: m.unit.type, code: m.unit.code },
        roles: m.roles,
      })),
      roles: roles.map((r) => ({ unitId: r.unit_id, role: r.role, source: r.source, since: isoFromMs(r.created_at) })),
    }),
    'consents.json': json(consents.items),
    'sessions.json': json(
      sessions.map((s) => ({
        createdAt: isoFromMs(s.created_at),
        lastSeenAt: isoFromMs(s.last_seen_at),
        userAgent: s.user_agent,
        ipPrefix: s.ip_prefix,
        secondFactorPending: toBool(s.second_factor_pending),
      })),
    ),
    'sign-ins.json': json(
      events.map((e) => ({
        at: isoFromMs(e.at),
        action: e.action,
        ipPrefix: e.ip_prefix,
        data: e.data === null ? null : fromJson(e.data),
      })),
    ),
    'mails.json': json(
      mails.map((m) => ({ at: isoFromMs(m.created_at), subject: m.subject, text: m.text_body, status: m.status })),
    ),
  };
  for (const [name, value] of Object.entries(contributions)) files[name] = json(value);
  const photo = (
    await db.selectFrom('profiles').select('photo').where('member_id', '=', actor.memberId).executeTakeFirst()
  )?.photo;
  if (photo) files['photo.webp'] = await readPhoto(uploadDir, photo).catch(() => new Uint8Array());
  return files;
}

const MAIL: Record<Locale, { subject: string; text: string; label: string }> = {
  de: {
    subject: 'Deine Daten zum Herunterladen',
    text: 'du hast eine Kopie deiner Daten angefordert. Der Link funktioniert einmal und 24 Stunden lang, nur wenn du angemeldet bist.',
    label: 'Daten herunterladen',
  },
  en: {
    subject: 'Your data, ready to download',
    text: 'you asked for a copy of your data. The link works once and for 24 hours, only while you are signed in.',
    label: 'Download data',
  },
};

/** Builds the export after the password check, mails the one-time link and returns it. */
export async function requestDataExport(
  db: Kysely<DB>,
  actor: Actor,
  password: string,
  ctx: ExportContext,
): Promise<DataExportStarted> {
  await confirmPassword(db, actor.accountId, password);
  const zip = zipSync(await collect(db, actor, ctx.uploadDir), { level: 6 });
  const dir = join(ctx.uploadDir, 'exports');
  await mkdir(dir, { recursive: true });
  const file = `${randomBytes(16).toString('hex')}.zip`;
  await writeFile(join(dir, file), zip);
  return db.transaction().execute(async (trx) => {
    const token = await issueEmailToken(trx, {
      purpose: 'data_export',
      ttlMs: TTL_MS,
      accountId: actor.accountId,
      data: { file },
    });
    const url = `${ctx.publicUrl.replace(/\/$/, '')}/api/v1/me/data-export/${token}`;
    const t = MAIL[actor.locale];
    const greeting = actor.locale === 'de' ? `Hallo ${actor.displayName},` : `Hello ${actor.displayName},`;
    const rendered = renderMail(
      { subject: t.subject, greeting, paragraphs: [t.text], action: { label: t.label, url } },
      actor.locale,
      ctx.brand,
    );
    await queueMail(
      trx,
      { ...rendered, to: actor.email, locale: actor.locale, kind: 'data_export' },
      { messageDomain: ctx.messageDomain },
    );
    await recordAudit(trx, {
      action: 'data.exported',
      actorAccountId: actor.accountId,
      subjectMemberId: actor.memberId,
      ipPrefix: ctx.ipPrefix,
    });
    return { downloadUrl: url, expiresAt: isoFromMs(Date.now() + TTL_MS) };
  });
}

/** The ZIP for a live link of this account, once; the file is gone afterwards. */
export async function downloadDataExport(
  db: Kysely<DB>,
  actor: Actor,
  token: string,
  uploadDir: string,
): Promise<Buffer> {
  const used = await db.transaction().execute(async (trx) => {
    const row = await consumeEmailToken(trx, 'data_export', token);
    // Someone else's link is as invalid as a forged one; the owner's stays usable.
    if (!row || row.account_id !== actor.accountId) throw new DomainError('token_invalid', 'no live export link');
    return row;
  });
  const file = String(used.data?.file ?? '');
  if (!/^[0-9a-f]{32}\.zip$/.test(file)) throw new DomainError('token_invalid', 'export file name unexpected');
  const path = join(uploadDir, 'exports', file);
  try {
    return await readFile(path);
  } catch {
    throw new DomainError('token_invalid', 'export file gone');
  } finally {
    await rm(path, { force: true });
  }
}

/** Export files still waiting for download (for deletion of the account). */
export async function pendingExportFiles(db: Kysely<DB>, accountId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('email_tokens')
    .select('data')
    .where('purpose', '=', 'data_export')
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
  return rows
    .map((r) => String(fromJson<{ file?: string }>(r.data)?.file ?? ''))
    .filter((f) => /^[0-9a-f]{32}\.zip$/.test(f));
}
