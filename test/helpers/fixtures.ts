import { createEvent, createEventInput } from '../../src/modules/cooperation/events/events.ts';
import { createJointOperation, createJointOperationInput } from '../../src/modules/cooperation/joint-operations/joint-operations.ts';
import { createTechnicalSupport, createTechnicalSupportInput } from '../../src/modules/cooperation/technical-support/technical-support.ts';
import { createProgramme, createProgrammeInput } from '../../src/modules/cooperation/trainings/programmes.ts';
import { addSession, createSessionInput } from '../../src/modules/cooperation/trainings/sessions.ts';
import type { Ctx } from '../../src/modules/platform/context.ts';

/**
 * One record of each cooperation kind, created through the use cases by a liaison officer's context: a workshop, a
 * training programme with a session and its participation, a delivery of technical support to `recipientAgencyId`,
 * and a joint operation. `label` names them ("Matrix workshop", "Fuzz course"…).
 */
export async function buildCooperationRecords(ctx: Ctx, options: { label: string; recipientAgencyId: string }) {
  const dates = { startsOn: '2025-03-10', endsOn: '2025-03-12' };
  const place = { city: 'Kuala Lumpur', country: 'MY' };
  const event = await createEvent(ctx, createEventInput.parse({ kind: 'workshop', title: `${options.label} workshop`, place, ...dates }));
  const programme = await createProgramme(
    ctx,
    createProgrammeInput.parse({ title: `${options.label} course`, topics: ['asset_recovery'], hostState: 'MY', year: 2025 }),
  );
  const session = await addSession(
    ctx,
    createSessionInput.parse({ programmeId: programme.id, place, hours: '6', participation: [{ state: 'TL', participants: 2 }], ...dates }),
  );
  const support = await createTechnicalSupport(
    ctx,
    createTechnicalSupportInput.parse({
      recipientAgencyId: options.recipientAgencyId,
      kind: 'software',
      description: `${options.label} licences`,
      value: '10.00',
      currency: 'USD',
      deliveredOn: '2025-03-01',
    }),
  );
  const operation = await createJointOperation(
    ctx,
    createJointOperationInput.parse({ name: `${options.label} operation`, startsOn: '2025-03-01' }),
  );
  return { event, programme, session, support, operation };
}
