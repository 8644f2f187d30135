import { sql } from 'kysely';
import { z } from 'zod';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { authorize, presentPolicies } from '../../platform/policy.ts';
import { summarise, summaryShape } from '../overview/overview.ts';
import { visiblePersons } from '../persons/persons.ts';
import { campaignPolicy } from '../policies.ts';
import { presentStamps, recordStamps } from '../schemas.ts';

/**
 * Campaigns: named sets of wanted persons (e.g. "100 major fugitives"), owned by an agency, with live progress
 * computed from the members' return steps and sightings at the moment of asking. A member may be another agency's
 * person that the campaign's agency could see when it was added; progress counts the members the reader sees now
 * and reports how many it no longer sees.
 */
export const campaignSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  memberIds: z.array(z.uuid()),
  ...recordStamps,
  policies: z.object({ read: z.boolean(), list: z.boolean(), create: z.boolean(), update: z.boolean() }),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const createCampaignInput = z.object({
  name: z.string().trim().min(3).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  fugitiveIds: z.array(z.uuid()).max(1000).default([]),
});
export const addMembersInput = z.object({ fugitiveIds: z.array(z.uuid()).min(1).max(1000) });

export const progressSchema = z.object({
  campaignId: z.uuid(),
  /** Members the reader sees now; members no longer visible (e.g. a notice was withdrawn) are only counted. */
  members: z.number().int(),
  notVisible: z.number().int(),
  ...summaryShape,
});

const campaignColumns = ['agency_id', 'id', 'name', 'description', 'created_at', 'created_by', 'updated_at', 'updated_by'] as const;
type CampaignRow = { agency_id: string; id: string; name: string; description: string | null } & Parameters<typeof presentStamps>[0];

async function memberIds(ctx: Ctx, campaign: { agency_id: string; id: string }): Promise<string[]> {
  const rows = await ctx.trx
    .selectFrom('fugitive_campaign_members')
    .select('fugitive_id')
    .where('agency_id', '=', campaign.agency_id)
    .where('campaign_id', '=', campaign.id)
    .orderBy('created_at')
    .orderBy('fugitive_id')
    .execute();
  return rows.map((row) => row.fugitive_id);
}

function present(ctx: Ctx, row: CampaignRow, members: string[]): Campaign {
  return {
    id: row.id,
    agencyId: row.agency_id,
    name: row.name,
    description: row.description,
    memberIds: members,
    ...presentStamps(row),
    policies: presentPolicies(ctx.actor, campaignPolicy, row),
  };
}

async function findCampaign(ctx: Ctx, id: string): Promise<CampaignRow> {
  const row = await ctx.trx
    .selectFrom('fugitive_campaigns')
    .select(campaignColumns)
    .where('id', '=', id)
    .where('agency_id', '=', ctx.actor.agencyId)
    .executeTakeFirst();
  if (!row) throw notFound('Campaign');
  authorize(ctx.actor, campaignPolicy, 'read', row);
  return row;
}

/** Adds persons the actor sees; each unknown or invisible id is "not found", and nothing is added. */
async function addMembers(ctx: Ctx, campaign: CampaignRow, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const persons = await visiblePersons(ctx, unique);
  const found = new Map(persons.map(({ row }) => [row.id, row.agency_id]));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError('NOT_FOUND', 'Wanted person not found', { fugitiveIds: missing });
  const existing = new Set(await memberIds(ctx, campaign));
  const added = unique.filter((id) => !existing.has(id));
  if (added.length === 0) return;
  await ctx.trx
    .insertInto('fugitive_campaign_members')
    .values(
      added.map((id) => ({
        agency_id: campaign.agency_id,
        campaign_id: campaign.id,
        fugitive_agency_id: found.get(id)!,
        fugitive_id: id,
        created_by: ctx.actor.userId,
      })),
    )
    .execute();
  for (const id of added) {
    await recordAudit(ctx, {
      type: 'fugitives.campaign_member_added',
      version: 1,
      data: { campaignId: campaign.id, fugitiveId: id, ownerAgencyId: found.get(id)! },
    });
  }
}

export async function listCampaigns(ctx: Ctx): Promise<{ items: Campaign[] }> {
  authorize(ctx.actor, campaignPolicy, 'list');
  const rows = await ctx.trx
    .selectFrom('fugitive_campaigns')
    .select(campaignColumns)
    .where('agency_id', '=', ctx.actor.agencyId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
  const items: Campaign[] = [];
  for (const row of rows) items.push(present(ctx, row, await memberIds(ctx, row)));
  return { items };
}

export async function getCampaign(ctx: Ctx, id: string): Promise<Campaign> {
  const row = await findCampaign(ctx, id);
  return present(ctx, row, await memberIds(ctx, row));
}

export async function createCampaign(ctx: Ctx, input: z.infer<typeof createCampaignInput>): Promise<Campaign> {
  authorize(ctx.actor, campaignPolicy, 'create', { agency_id: ctx.actor.agencyId });
  const clash = await ctx.trx
    .selectFrom('fugitive_campaigns')
    .select('id')
    .where('agency_id', '=', ctx.actor.agencyId)
    .where(sql`lower(name)`, '=', input.name.toLowerCase())
    .executeTakeFirst();
  if (clash) throw new AppError('CONFLICT', 'Your agency already has a campaign of that name', { field: 'name' });
  const row = await ctx.trx
    .insertInto('fugitive_campaigns')
    .values({
      agency_id: ctx.actor.agencyId,
      name: input.name,
      description: input.description ?? null,
      created_by: ctx.actor.userId,
      updated_by: ctx.actor.userId,
    })
    .returning(campaignColumns)
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, { type: 'fugitives.campaign_created', version: 1, data: { campaignId: row.id, name: row.name } });
  await addMembers(ctx, row, input.fugitiveIds);
  return present(ctx, row, await memberIds(ctx, row));
}

export async function addCampaignMembers(ctx: Ctx, id: string, input: z.infer<typeof addMembersInput>): Promise<Campaign> {
  const row = await findCampaign(ctx, id);
  authorize(ctx.actor, campaignPolicy, 'update', row);
  await addMembers(ctx, row, input.fugitiveIds);
  await ctx.trx
    .updateTable('fugitive_campaigns')
    .set({ updated_at: ctx.now, updated_by: ctx.actor.userId })
    .where('agency_id', '=', row.agency_id)
    .where('id', '=', row.id)
    .execute();
  return getCampaign(ctx, id);
}

/** Live progress of a campaign over the members the actor sees, as of today. */
export async function campaignProgress(ctx: Ctx, id: string): Promise<z.infer<typeof progressSchema>> {
  const row = await findCampaign(ctx, id);
  const ids = await memberIds(ctx, row);
  const persons = await visiblePersons(ctx, ids);
  await recordAudit(ctx, { type: 'fugitives.campaign_progress_viewed', version: 1, data: { campaignId: row.id, members: persons.length } });
  return { campaignId: row.id, members: persons.length, notVisible: ids.length - persons.length, ...summarise(ctx, persons) };
}
