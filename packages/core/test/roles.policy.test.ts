import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@rotes-netz/shared';
import { can, grantableRoles, type Actor, type PolicyUnit } from '../src/index.ts';

// LV 1 > KV 2 > OV A 3, OV B 4; RZ 5 beside; the tree is given as ancestry, so no database is needed.
const LV: PolicyUnit = { id: 1, type: 'landesverband', ancestorIds: [1] };
const KV: PolicyUnit = { id: 2, type: 'kreisverband', ancestorIds: [1, 2] };
const OV_A: PolicyUnit = { id: 3, type: 'ortsverein', ancestorIds: [1, 2, 3] };
const OV_B: PolicyUnit = { id: 4, type: 'ortsverein', ancestorIds: [1, 2, 4] };
const RZ: PolicyUnit = { id: 5, type: 'regionalzentrum', ancestorIds: [1, 5] };

const depth: Record<number, number> = { 1: 0, 2: 1, 3: 2, 4: 2, 5: 1 };
const actor = (roles: [number, Role][]): Pick<Actor, 'roles' | 'memberId'> => ({
  memberId: 100,
  roles: roles.map(([unitId, role]) => ({ unitId, unitDepth: depth[unitId]!, role })),
});
const OTHER = 200;

type Case = [string, Parameters<typeof can>[1], boolean];

function table(who: Pick<Actor, 'roles' | 'memberId'>, cases: Case[]) {
  it.each(cases)('%s', (_name, request, expected) => {
    expect(can(who, request)).toBe(expected);
  });
}

const grant = (unit: PolicyUnit, role: Role, memberId = OTHER) =>
  ({ action: 'role.grant', unit, role, memberId }) as const;
const revoke = (unit: PolicyUnit, role: Role, source: 'app' | 'roster' = 'app') =>
  ({ action: 'role.revoke', unit, role, memberId: OTHER, source }) as const;

describe('a plain member', () => {
  table(actor([]), [
    ['may not list roles of their Ortsverein', { action: 'role.list', unit: OV_A }, false],
    ['may not grant moderator', grant(OV_A, 'moderator'), false],
    ['may not read members', { action: 'member.read', unit: OV_A }, false],
    ['may not invite', { action: 'invitation.create', unit: OV_A }, false],
    ['may not read the audit log', { action: 'audit.read' }, false],
  ]);
});

describe('the chair of Ortsverein A', () => {
  const chair = actor([[3, 'chair']]);
  table(chair, [
    ['lists roles in A', { action: 'role.list', unit: OV_A }, true],
    ['grants moderator in A', grant(OV_A, 'moderator'), true],
    ['grants board in A', grant(OV_A, 'board'), true],
    ['does not grant chair in A', grant(OV_A, 'chair'), false],
    ['does not grant lv_admin in A', grant(OV_A, 'lv_admin'), false],
    ['does not grant rz_staff', grant(OV_A, 'rz_staff'), false],
    ['does not grant anything to themselves', grant(OV_A, 'moderator', 100), false],
    ['revokes an app-granted moderator in A', revoke(OV_A, 'moderator'), true],
    ['does not revoke a role from the roster', revoke(OV_A, 'board', 'roster'), false],
    ['reads and invites members of A', { action: 'invitation.create', unit: OV_A }, true],
    ['never lists roles in B', { action: 'role.list', unit: OV_B }, false],
    ['never grants in B', grant(OV_B, 'moderator'), false],
    ['never revokes in B', revoke(OV_B, 'moderator'), false],
    ['never reads members of B', { action: 'member.read', unit: OV_B }, false],
    ['never invites into B', { action: 'invitation.create', unit: OV_B }, false],
    ['does not act in the Kreisverband above', grant(KV, 'moderator'), false],
    ['does not list roles in the Kreisverband above', { action: 'role.list', unit: KV }, false],
    ['may not read the audit log', { action: 'audit.read' }, false],
  ]);
  it('may grant exactly moderator and board in A, nothing in B', () => {
    expect(grantableRoles(chair, OV_A, ROLES)).toEqual(['board', 'moderator']);
    expect(grantableRoles(chair, OV_B, ROLES)).toEqual([]);
  });
});

describe('staff of a Regionalzentrum', () => {
  table(actor([[5, 'rz_staff']]), [
    ['reads members below their Regionalzentrum', { action: 'member.read', unit: RZ }, true],
    ['does not read members elsewhere', { action: 'member.read', unit: OV_A }, false],
    ['does not grant roles', grant(RZ, 'rz_staff'), false],
    ['does not list roles of an Ortsverein', { action: 'role.list', unit: OV_A }, false],
    ['may not read the audit log', { action: 'audit.read' }, false],
  ]);
});

describe('a Landesverband admin', () => {
  table(actor([[1, 'lv_admin']]), [
    ['lists roles anywhere', { action: 'role.list', unit: OV_B }, true],
    ['grants rz_staff', grant(RZ, 'rz_staff'), true],
    ['grants programme_commission', grant(LV, 'programme_commission'), true],
    ['grants chair', grant(OV_A, 'chair'), true],
    ['still cannot grant to themselves', grant(LV, 'programme_commission', 100), false],
    ['cannot revoke a roster role either', revoke(OV_A, 'chair', 'roster'), false],
    ['revokes an app role', revoke(RZ, 'rz_staff'), true],
    ['reads the audit log', { action: 'audit.read' }, true],
    ['reads members anywhere', { action: 'member.read', unit: OV_B }, true],
  ]);
});

describe('a member of the programme commission', () => {
  table(actor([[1, 'programme_commission']]), [
    ['does not grant programme_commission', grant(LV, 'programme_commission'), false],
    ['does not list roles', { action: 'role.list', unit: LV }, false],
    ['does not read members', { action: 'member.read', unit: OV_A }, false],
    ['may not read the audit log', { action: 'audit.read' }, false],
  ]);
});
