import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/modules/platform/context.ts';
import { allows } from '../../src/modules/platform/policy.ts';
import {
  daysOnTheRun,
  lastKnownLocation,
  median,
  noticeTransitionRefusal,
  stageOf,
  stepRefusal,
  timeOnRunBucket,
  type StepFact,
} from '../../src/modules/fugitives/engine/lifecycle.ts';
import { campaignPolicy, fugitivePolicy } from '../../src/modules/fugitives/policies.ts';

const step = (kind: StepFact['kind'], on: string, extra: Partial<StepFact> = {}): StepFact => ({
  kind,
  on,
  state: 'SG',
  city: null,
  means: kind === 'returned' ? 'repatriation' : null,
  ...extra,
});

describe('fugitives lifecycle rules', () => {
  it('notices: users publish, withdraw and cancel; only the import marks a notice no longer public', () => {
    assert.equal(noticeTransitionRefusal('requested', 'published', 'user'), null);
    assert.equal(noticeTransitionRefusal('requested', 'cancelled', 'user'), null);
    assert.equal(noticeTransitionRefusal('published', 'withdrawn', 'user'), null);
    assert.equal(noticeTransitionRefusal('no_longer_public', 'cancelled', 'user'), null);
    assert.match(noticeTransitionRefusal('requested', 'withdrawn', 'user') ?? '', /published or cancelled/);
    assert.match(noticeTransitionRefusal('published', 'no_longer_public', 'user') ?? '', /not no_longer_public/);
    assert.match(noticeTransitionRefusal('withdrawn', 'published', 'user') ?? '', /final/);
    assert.equal(noticeTransitionRefusal('published', 'no_longer_public', 'import'), null);
    assert.equal(noticeTransitionRefusal('no_longer_public', 'published', 'import'), null);
    assert.notEqual(noticeTransitionRefusal('published', 'cancelled', 'import'), null, 'a notice that disappears is not cancelled');
  });

  it('steps: nothing returned before located, tried before returned, sentenced before tried; dates in order', () => {
    assert.match(stepRefusal([], { kind: 'returned', on: '2019-01-01' }, null) ?? '', /located/);
    assert.match(stepRefusal([], { kind: 'detention', on: '2019-01-01' }, null) ?? '', /located/);
    assert.match(stepRefusal([step('located', '2018-01-01')], { kind: 'trial', on: '2019-01-01' }, null) ?? '', /returned/);
    const returned = [step('located', '2018-01-01'), step('returned', '2019-01-01')];
    assert.match(stepRefusal(returned, { kind: 'verdict', on: '2019-06-01' }, null) ?? '', /trial/);
    assert.match(stepRefusal(returned, { kind: 'returned', on: '2019-06-01' }, null) ?? '', /already/);
    assert.match(stepRefusal(returned, { kind: 'deportation', on: '2019-06-01' }, null) ?? '', /already been returned/);
    assert.equal(stepRefusal(returned, { kind: 'trial', on: '2019-01-01' }, null), null, 'the same day as the previous step');
    assert.match(stepRefusal(returned, { kind: 'trial', on: '2018-12-31' }, null) ?? '', /earlier than the previous step/);
    assert.match(stepRefusal([], { kind: 'located', on: '2014-12-31' }, '2015-01-01') ?? '', /flight/);
    assert.equal(stepRefusal([step('located', '2018-01-01')], { kind: 'voluntary_return', on: '2018-02-01' }, '2015-01-01'), null);
  });

  it('derives stage, time on the run, last known location and the median', () => {
    assert.equal(stageOf([]), 'at_large');
    assert.equal(stageOf([step('located', '2018-01-01')]), 'located');
    assert.equal(stageOf([step('located', '2018-01-01'), step('returned', '2019-01-01')]), 'returned');
    assert.equal(daysOnTheRun('2015-01-10', { on: '2019-05-09', from: 'SG', means: 'repatriation' }, '2026-01-01'), 1580);
    assert.equal(daysOnTheRun('2024-01-01', null, '2024-03-01'), 60);
    assert.equal(daysOnTheRun(null, null, '2024-03-01'), null);
    const sightings = [
      { on: '2018-03-01', state: 'MY', city: null, recordedAt: '2024-01-01T00:00:00Z' },
      { on: '2018-03-01', state: 'TH', city: 'Bangkok', recordedAt: '2024-01-02T00:00:00Z' },
    ];
    assert.deepEqual(lastKnownLocation([], sightings), { state: 'TH', city: 'Bangkok', on: '2018-03-01', source: 'sighting' });
    assert.deepEqual(lastKnownLocation([step('located', '2018-03-01', { state: 'SG' })], sightings), {
      state: 'SG',
      city: null,
      on: '2018-03-01',
      source: 'located',
    });
    assert.equal(lastKnownLocation([], []), null);
    assert.equal(median([]), null);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([1580, 1236]), 1408);
  });
});

describe('fugitives policies', () => {
  const actor = (roles: Actor['roles'], agencyId = 'A'): Actor => ({
    userId: 'u',
    agencyId,
    email: 'e',
    displayName: 'd',
    roles,
    sessionId: 's',
  });
  const own = { agency_id: 'A', shared: false };
  const sharedFromB = { agency_id: 'B', shared: true };
  const hiddenFromB = { agency_id: 'B', shared: false };

  it('the wanting agency reads and keeps its persons; others read only what a published notice shares', () => {
    assert.equal(allows(actor(['analyst']), fugitivePolicy, 'read', own), true);
    assert.equal(allows(actor(['analyst']), fugitivePolicy, 'read', sharedFromB), true);
    assert.equal(allows(actor(['analyst']), fugitivePolicy, 'read', hiddenFromB), false);
    assert.equal(allows(actor(['viewer']), fugitivePolicy, 'read', own), false);
    assert.equal(allows(actor(['platform_admin']), fugitivePolicy, 'read', own), false);
    assert.equal(allows(actor(['investigator']), fugitivePolicy, 'update', own), true);
    assert.equal(allows(actor(['investigator']), fugitivePolicy, 'update', sharedFromB), false);
    assert.equal(allows(actor(['analyst']), fugitivePolicy, 'update', own), false);
    assert.equal(allows(actor(['analyst']), fugitivePolicy, 'add_note', own), true);
    assert.equal(allows(actor(['agency_admin']), fugitivePolicy, 'read_notes', sharedFromB), false);
    assert.equal(allows(actor(['liaison_officer']), fugitivePolicy, 'report_sighting', sharedFromB), true);
    assert.equal(allows(actor(['liaison_officer']), fugitivePolicy, 'report_sighting', hiddenFromB), false);
    assert.equal(allows(actor(['investigator']), fugitivePolicy, 'record_step', sharedFromB), false);
  });

  it('campaigns stay with their agency', () => {
    assert.equal(allows(actor(['analyst']), campaignPolicy, 'read', { agency_id: 'A' }), true);
    assert.equal(allows(actor(['analyst']), campaignPolicy, 'read', { agency_id: 'B' }), false);
    assert.equal(allows(actor(['analyst']), campaignPolicy, 'create', { agency_id: 'A' }), false);
    assert.equal(allows(actor(['investigator']), campaignPolicy, 'update', { agency_id: 'A' }), true);
  });
});

describe('time on the run buckets', () => {
  it('counts whole calendar years from the flight', () => {
    assert.equal(timeOnRunBucket('2020-05-10', '2020-05-10'), 'under_1y');
    assert.equal(timeOnRunBucket('2020-05-10', '2021-05-09'), 'under_1y');
    assert.equal(timeOnRunBucket('2020-05-10', '2021-05-10'), '1_2y');
    assert.equal(timeOnRunBucket('2020-05-10', '2022-05-10'), '2_5y');
    assert.equal(timeOnRunBucket('2015-01-10', '2019-05-09'), '2_5y');
    assert.equal(timeOnRunBucket('2015-01-10', '2020-01-09'), '2_5y');
    assert.equal(timeOnRunBucket('2015-01-10', '2020-01-10'), '5_10y');
    assert.equal(timeOnRunBucket('2010-12-31', '2020-12-30'), '5_10y');
    assert.equal(timeOnRunBucket('2010-12-31', '2020-12-31'), '10y_plus');
  });
  it('a flight on a leap day is a year old on the next 1 March', () => {
    assert.equal(timeOnRunBucket('2020-02-29', '2021-02-28'), 'under_1y');
    assert.equal(timeOnRunBucket('2020-02-29', '2021-03-01'), '1_2y');
  });
});
