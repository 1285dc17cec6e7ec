/**
 * Profiles: a short text, contact fields and a photo, each with its own visibility. Everything is
 * closed ('nobody') until the member opens it. The name only to members who may see it
 * (`members/members.visibility.ts`); to everyone else the profile does not exist.
 */
import type { Kysely } from 'kysely';
import type { MemberProfile, MyProfile, ProfilePatch, ProfileVisibility, Visibility } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { fromJson, nowMs, toJson } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { unitsOfMember } from '../units/units.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { canSeeMember, SHARED_UNIT_TYPES } from '../members/members.visibility.ts';
import { readPhoto, reencodePhoto, removePhoto, storePhoto } from './photos.ts';

/** Everything closed: what a member who never opened their profile shows. */
export const CLOSED: ProfileVisibility = { about: 'nobody', phone: 'nobody', contactEmail: 'nobody', photo: 'nobody' };

async function loadProfile(db: Kysely<DB>, memberId: number) {
  const row = await db.selectFrom('profiles').selectAll().where('member_id', '=', memberId).executeTakeFirst();
  return {
    about: row?.about ?? null,
    phone: row?.phone ?? null,
    contactEmail: row?.contact_email ?? null,
    photo: row?.photo ?? null,
    visibility: { ...CLOSED, ...(row ? fromJson<Partial<ProfileVisibility>>(row.visibility) : {}) },
  };
}

/** One's own profile. */
export async function getMyProfile(db: Kysely<DB>, memberId: number): Promise<MyProfile> {
  const { photo, ...rest } = await loadProfile(db, memberId);
  return { memberId, ...rest, hasPhoto: photo !== null };
}

async function saveProfile(db: Kysely<DB>, memberId: number, values: Awaited<ReturnType<typeof loadProfile>>) {
  const row = {
    about: values.about,
    phone: values.phone,
    contact_email: values.contactEmail,
    photo: values.photo,
    visibility: toJson(values.visibility),
    updated_at: nowMs(),
  };
  await db
    .insertInto('profiles')
    .values({ member_id: memberId, ...row })
    .onConflict((oc) => oc.column('member_id').doUpdateSet(row))
    .execute();
}

/** Changes one's profile; the schema has already refused unknown fields such as `role`. */
export async function updateMyProfile(
  db: Kysely<DB>,
  actor: Actor,
  patch: ProfilePatch,
  ipPrefix: string | null,
): Promise<MyProfile> {
  await db.transaction().execute(async (trx) => {
    const current = await loadProfile(trx, actor.memberId);
    const blank = (v: string | null | undefined) =>
      v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();
    const next = {
      ...current,
      about: blank(patch.about) === undefined ? current.about : blank(patch.about)!,
      phone: blank(patch.phone) === undefined ? current.phone : blank(patch.phone)!,
      contactEmail: blank(patch.contactEmail) === undefined ? current.contactEmail : blank(patch.contactEmail)!,
      visibility: { ...current.visibility, ...patch.visibility },
    };
    await saveProfile(trx, actor.memberId, next);
    await recordAudit(trx, {
      action: 'profile.updated',
      actorAccountId: actor.accountId,
      subjectMemberId: actor.memberId,
      ipPrefix,
      data: { fields: Object.keys(patch) },
    });
  });
  return getMyProfile(db, actor.memberId);
}

/** Replaces one's photo with the re-encoded upload. */
export async function setMyPhoto(db: Kysely<DB>, actor: Actor, upload: Buffer, uploadDir: string): Promise<MyProfile> {
  const webp = await reencodePhoto(upload);
  const name = await storePhoto(uploadDir, webp);
  const current = await loadProfile(db, actor.memberId);
  await saveProfile(db, actor.memberId, { ...current, photo: name });
  await removePhoto(uploadDir, current.photo);
  return getMyProfile(db, actor.memberId);
}

/** Removes one's photo. */
export async function removeMyPhoto(db: Kysely<DB>, actor: Actor, uploadDir: string): Promise<MyProfile> {
  const current = await loadProfile(db, actor.memberId);
  if (current.photo) {
    await saveProfile(db, actor.memberId, { ...current, photo: null });
    await removePhoto(uploadDir, current.photo);
  }
  return getMyProfile(db, actor.memberId);
}

/** Which visibilities the viewer passes for this member: 'all' always, 'units' when they share one. */
async function viewerPasses(db: Kysely<DB>, viewer: Actor, member: { id: number; unit_id: number }) {
  if (viewer.memberId === member.id) return (_: Visibility) => true;
  const theirs = await unitsOfMember(db, member.id, member.unit_id);
  const mine = new Set(viewer.units.filter((u) => SHARED_UNIT_TYPES.has(u.type)).map((u) => u.id));
  const shares = theirs.some((u) => mine.has(u.id));
  return (v: Visibility) => v === 'all' || (v === 'units' && shares);
}

async function visibleProfile(db: Kysely<DB>, viewer: Actor, memberId: number) {
  const member = await db
    .selectFrom('members')
    .select(['id', 'first_name', 'last_name', 'unit_id', 'status'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  // Whose name the viewer may not see answers exactly like a member who does not exist.
  if (!member || member.status !== 'active' || !(await canSeeMember(db, viewer, memberId))) {
    throw new NotFoundError('member');
  }
  const profile = await loadProfile(db, memberId);
  const passes = await viewerPasses(db, viewer, member);
  return { member, profile, sees: (field: keyof ProfileVisibility) => passes(profile.visibility[field]) };
}

/** Another member's profile as the viewer may see it; 404 for members who left or do not exist. */
export async function viewProfile(db: Kysely<DB>, viewer: Actor, memberId: number): Promise<MemberProfile> {
  const { member, profile, sees } = await visibleProfile(db, viewer, memberId);
  const out: MemberProfile = { id: member.id, name: `${member.first_name} ${member.last_name}` };
  if (profile.about && sees('about')) out.about = profile.about;
  if (profile.phone && sees('phone')) out.phone = profile.phone;
  if (profile.contactEmail && sees('contactEmail')) out.contactEmail = profile.contactEmail;
  if (profile.photo && sees('photo'))
    out.photoUrl = `/api/v1/members/${member.id}/photo?v=${profile.photo.slice(0, 8)}`;
  return out;
}

/** The photo bytes (WebP) when the viewer may see them; 404 otherwise. */
export async function viewPhoto(db: Kysely<DB>, viewer: Actor, memberId: number, uploadDir: string): Promise<Buffer> {
  const { profile, sees } = await visibleProfile(db, viewer, memberId);
  if (!profile.photo || !sees('photo')) throw new NotFoundError('photo');
  try {
    return await readPhoto(uploadDir, profile.photo);
  } catch {
    throw new NotFoundError('photo');
  }
}
