import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { hashPassword, passwordSchema, verifyPassword } from './passwords.ts';

export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema });

/** Re-checks the actor's own password before a sensitive change to their account. */
export async function assertOwnPassword(ctx: Ctx, password: string): Promise<void> {
  const user = await ctx.trx
    .selectFrom('users')
    .select('password_hash')
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, password))) {
    throw new AppError('INVALID_CREDENTIALS', 'Your current password is not correct');
  }
}

/** Changes the actor's own password; every other session of the user ends. */
export async function changePassword(ctx: Ctx, input: z.infer<typeof changePasswordInput>): Promise<void> {
  await assertOwnPassword(ctx, input.currentPassword);
  if (input.currentPassword === input.newPassword) {
    throw new AppError('INVALID_INPUT', 'The new password must differ from the current one');
  }
  await ctx.trx
    .updateTable('users')
    .set({
      password_hash: await hashPassword(input.newPassword),
      password_changed_at: ctx.now,
      updated_at: ctx.now,
      updated_by: ctx.actor.userId,
    })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.userId)
    .execute();
  await ctx.trx
    .updateTable('sessions')
    .set({ ended_at: ctx.now, end_reason: 'password_changed' })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('user_id', '=', ctx.actor.userId)
    .where('id', '!=', ctx.actor.sessionId)
    .where('ended_at', 'is', null)
    .execute();
  await recordAudit(ctx, { type: 'auth.password_changed', version: 1, data: { userId: ctx.actor.userId } });
}

export async function logout(ctx: Ctx): Promise<void> {
  await ctx.trx
    .updateTable('sessions')
    .set({ ended_at: ctx.now, end_reason: 'logout' })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.sessionId)
    .execute();
  await recordAudit(ctx, { type: 'auth.logout', version: 1, data: { userId: ctx.actor.userId } });
}

export const localeInput = z.object({ locale: z.enum(['en', 'zh-CN']) });

export async function setLocale(ctx: Ctx, input: z.infer<typeof localeInput>): Promise<void> {
  await ctx.trx
    .updateTable('users')
    .set({ locale: input.locale })
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('id', '=', ctx.actor.userId)
    .execute();
}
