import { z } from 'zod';
import type { Trx } from '../../../db/database.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { authorize, definePolicy } from '../policy.ts';

export const settingsPolicy = definePolicy<null, 'read' | 'update'>('settings', {
  read: { roles: 'any' },
  update: { roles: ['platform_admin'] },
});

export const platformSettingsSchema = z.object({ mfaRequired: z.boolean() });
export type PlatformSettings = z.infer<typeof platformSettingsSchema>;
export const updateSettingsInput = platformSettingsSchema.partial();

export async function readMfaRequired(trx: Trx): Promise<boolean> {
  const row = await trx.selectFrom('platform_settings').select('value').where('key', '=', 'mfa_required').executeTakeFirst();
  return row?.value === true;
}

export async function readSettings(ctx: Ctx): Promise<PlatformSettings> {
  authorize(ctx.actor, settingsPolicy, 'read');
  return { mfaRequired: await readMfaRequired(ctx.trx) };
}

export async function updateSettings(ctx: Ctx, input: z.infer<typeof updateSettingsInput>): Promise<PlatformSettings> {
  authorize(ctx.actor, settingsPolicy, 'update');
  if (input.mfaRequired !== undefined) {
    await ctx.trx
      .updateTable('platform_settings')
      .set({ value: JSON.stringify(input.mfaRequired), updated_at: ctx.now, updated_by: ctx.actor.userId })
      .where('key', '=', 'mfa_required')
      .execute();
  }
  await recordAudit(ctx, { type: 'settings.updated', version: 1, data: { changes: input } });
  return { mfaRequired: await readMfaRequired(ctx.trx) };
}
