import crypto from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError, notFound } from '../../../errors.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { iso } from '../schemas.ts';
import { readerView, type ReaderView } from './shared-view.ts';
import { findVisiblePerson } from './visibility.ts';

/**
 * Photographs of a wanted person, content-addressed: a photo is named by the SHA-256 of its bytes, so the same
 * picture added twice is stored once, and a client that holds a hash can check what it receives. The bytes must be
 * the image their media type says (JPEG, PNG or WebP, by their signature). Whoever sees the person sees its photos;
 * the wanting agency's keepers add them. Downloading one is a view of the person and is audited.
 */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Base64 inflates by 4/3; JSON adds a little. */
export const PHOTO_BODY_LIMIT = Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 64 * 1024;

const mediaTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
type MediaType = (typeof mediaTypes)[number];

export const addPhotoInput = z.object({
  mediaType: z.enum(mediaTypes),
  content: z.base64().min(4).describe('the image bytes, base64'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256')
    .optional()
    .describe('if given, the upload is refused unless the bytes have this hash'),
});

export const photoSchema = z.object({
  sha256: z.string(),
  mediaType: z.enum(mediaTypes),
  size: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
});
export type Photo = z.infer<typeof photoSchema>;
export const photoListSchema = z.object({ items: z.array(photoSchema) });
export const photoParams = z.object({ id: z.uuid(), hash: z.string().regex(/^[0-9a-f]{64}$/) });

function isA(mediaType: MediaType, bytes: Buffer): boolean {
  switch (mediaType) {
    case 'image/jpeg':
      return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    case 'image/png':
      return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/webp':
      return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
  }
}

const photoColumns = ['sha256', 'media_type', 'created_at', 'created_by', sql<number>`octet_length(bytes)`.as('size')] as const;

const present = (
  row: { sha256: string; media_type: string; created_at: Date; created_by: string | null; size: number },
  person: { agency_id: string },
  view: ReaderView,
): Photo => ({
  sha256: row.sha256,
  mediaType: row.media_type as MediaType,
  size: row.size,
  createdAt: iso(row.created_at),
  createdBy: view.userId(person.agency_id, row.created_by),
});

export async function addPhoto(ctx: Ctx, personId: string, input: z.infer<typeof addPhotoInput>): Promise<Photo> {
  const person = await findVisiblePerson(ctx, personId, 'update');
  const bytes = Buffer.from(input.content, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new AppError('INVALID_INPUT', `A photo has at most ${MAX_PHOTO_BYTES} bytes`, { field: 'content' });
  }
  if (!isA(input.mediaType, bytes))
    throw new AppError('INVALID_INPUT', `The bytes are not a ${input.mediaType} image`, { field: 'content' });
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (input.sha256 && input.sha256 !== sha256) {
    throw new AppError('INVALID_INPUT', 'The bytes do not have the SHA-256 given', { field: 'sha256', actual: sha256 });
  }
  await ctx.trx
    .insertInto('fugitive_photos')
    .values({
      agency_id: person.agency_id,
      fugitive_id: person.id,
      sha256,
      media_type: input.mediaType,
      bytes,
      created_by: ctx.actor.userId,
    })
    .onConflict((conflict) => conflict.columns(['agency_id', 'fugitive_id', 'sha256']).doNothing())
    .execute();
  const row = await ctx.trx
    .selectFrom('fugitive_photos')
    .select(photoColumns)
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .where('sha256', '=', sha256)
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    type: 'fugitives.photo_added',
    version: 1,
    data: { fugitiveId: person.id, sha256, mediaType: input.mediaType },
  });
  return present(row, person, readerView(ctx, person.agency_id));
}

export async function listPhotos(ctx: Ctx, personId: string): Promise<z.infer<typeof photoListSchema>> {
  const person = await findVisiblePerson(ctx, personId);
  const rows = await ctx.trx
    .selectFrom('fugitive_photos')
    .select(photoColumns)
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .orderBy('created_at')
    .orderBy('sha256')
    .execute();
  const view = readerView(ctx, person.agency_id);
  return { items: rows.map((row) => present(row, person, view)) };
}

export async function readPhoto(ctx: Ctx, personId: string, sha256: string): Promise<{ mediaType: string; bytes: Buffer }> {
  const person = await findVisiblePerson(ctx, personId);
  const row = await ctx.trx
    .selectFrom('fugitive_photos')
    .select(['media_type', 'bytes'])
    .where('agency_id', '=', person.agency_id)
    .where('fugitive_id', '=', person.id)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!row) throw notFound('Photo');
  await recordAudit(ctx, {
    type: 'fugitives.person_viewed',
    version: 1,
    data: { fugitiveId: person.id, ownerAgencyId: person.agency_id, view: 'photo' },
  });
  return { mediaType: row.media_type, bytes: Buffer.from(row.bytes) };
}
