import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../src/db/schema.ts';
import { AppError } from '../../src/errors.ts';
import {
  cooperationEventPolicy,
  jointOperationPolicy,
  technicalSupportPolicy,
  trainingParticipationPolicy,
  trainingProgrammePolicy,
  trainingSessionPolicy,
} from '../../src/modules/cooperation/policies.ts';
import { countryCode, currencyCode, hoursValue, minorUnits, moneyValue } from '../../src/modules/cooperation/schemas.ts';
import type { Actor } from '../../src/modules/platform/context.ts';
import { allows, authorize } from '../../src/modules/platform/policy.ts';

const OWNER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const PARTNER = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const STRANGER = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const actor = (roles: Role[], agencyId: string): Actor => ({
  userId: 'u',
  agencyId,
  roles,
  email: 'x@y',
  displayName: 'X',
  sessionId: 's',
});
const event = { agency_id: OWNER, participant_agency_ids: [PARTNER], status: 'planned' };
const codeOf = (run: () => void): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
};

describe('cooperation policies', () => {
  it('let the owner, its participants and platform administrators read a shared record; nobody else', () => {
    assert.equal(allows(actor(['viewer'], OWNER), cooperationEventPolicy, 'read', event), true);
    assert.equal(allows(actor(['viewer'], PARTNER), cooperationEventPolicy, 'read', event), true);
    assert.equal(allows(actor(['platform_admin'], STRANGER), cooperationEventPolicy, 'read', event), true);
    assert.equal(allows(actor(['agency_admin'], STRANGER), cooperationEventPolicy, 'read', event), false);
  });

  it('let only the owner’s liaison officers and administrators, and platform administrators, change a record', () => {
    for (const role of ['liaison_officer', 'agency_admin'] as Role[]) {
      assert.equal(allows(actor([role], OWNER), cooperationEventPolicy, 'update', event), true, role);
      assert.equal(allows(actor([role], PARTNER), cooperationEventPolicy, 'update', event), false, role);
    }
    for (const role of ['viewer', 'analyst', 'investigator', 'approver'] as Role[]) {
      assert.equal(allows(actor([role], OWNER), cooperationEventPolicy, 'create'), false, role);
    }
    assert.equal(allows(actor(['platform_admin'], STRANGER), jointOperationPolicy, 'update', event), true);
  });

  it('answer NOT_FOUND to an agency that may not see the record and FORBIDDEN to a participant that may not change it', () => {
    assert.equal(
      codeOf(() => {
        authorize(actor(['liaison_officer'], STRANGER), cooperationEventPolicy, 'update', event);
      }),
      'NOT_FOUND',
    );
    assert.equal(
      codeOf(() => {
        authorize(actor(['liaison_officer'], PARTNER), cooperationEventPolicy, 'update', event);
      }),
      'FORBIDDEN',
    );
  });

  it('share a delivery with its recipient only', () => {
    const delivery = { agency_id: OWNER, recipient_agency_id: PARTNER };
    assert.equal(allows(actor(['viewer'], PARTNER), technicalSupportPolicy, 'read', delivery), true);
    assert.equal(allows(actor(['viewer'], STRANGER), technicalSupportPolicy, 'read', delivery), false);
  });

  it('show sessions and participation lines exactly when their programme is shared; closed parents take no more', () => {
    const programme = { agency_id: OWNER, participant_agency_ids: [PARTNER], cancelled: false };
    const session = { agency_id: OWNER, programme_participant_agency_ids: [PARTNER], cancelled: false };
    assert.equal(allows(actor(['analyst'], PARTNER), trainingSessionPolicy, 'read', session), true);
    assert.equal(allows(actor(['analyst'], STRANGER), trainingParticipationPolicy, 'read', session), false);
    assert.equal(allows(actor(['liaison_officer'], OWNER), trainingProgrammePolicy, 'add_session', programme), true);
    assert.equal(
      allows(actor(['liaison_officer'], OWNER), trainingProgrammePolicy, 'add_session', { ...programme, cancelled: true }),
      false,
    );
    assert.equal(
      allows(actor(['liaison_officer'], OWNER), trainingSessionPolicy, 'add_participants', { ...session, cancelled: true }),
      false,
    );
    assert.equal(allows(actor(['liaison_officer'], OWNER), cooperationEventPolicy, 'cancel', { ...event, status: 'cancelled' }), false);
  });
});

describe('cooperation input rules', () => {
  it('accept ISO 3166-1 alpha-2 countries and ISO 4217 currencies only', () => {
    for (const code of ['MY', 'CN', 'TL', 'XK']) assert.equal(countryCode.safeParse(code).success, true, code);
    for (const code of ['XX', 'ZZ', 'AA', 'QM', 'my', 'MYS']) assert.equal(countryCode.safeParse(code).success, false, code);
    for (const code of ['USD', 'CNY', 'MYR', 'JPY']) assert.equal(currencyCode.safeParse(code).success, true, code);
    for (const code of ['XYZ', 'usd', 'US', 'RMB']) assert.equal(currencyCode.safeParse(code).success, false, code);
  });

  it('keep money and hours as decimal strings, never numbers or negatives', () => {
    for (const value of ['0', '1234567.89', '9007199254740993.01', '0.125']) assert.equal(moneyValue.safeParse(value).success, true, value);
    for (const value of [12.5, '-1', '1e6', '01', '1,000', '1.23456', ''])
      assert.equal(moneyValue.safeParse(value).success, false, String(value));
    for (const value of ['6', '7.5', '0.25']) assert.equal(hoursValue.safeParse(value).success, true, value);
    for (const value of ['0', '0.00', '-2', '1.255', 6]) assert.equal(hoursValue.safeParse(value).success, false, String(value));
  });

  it('know each currency’s minor units', () => {
    assert.deepEqual(['JPY', 'USD', 'CNY', 'KWD'].map(minorUnits), [0, 2, 2, 3]);
  });
});
