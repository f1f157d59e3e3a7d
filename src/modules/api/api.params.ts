import { z } from '@hono/zod-openapi';

export const idParams = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Items per page (1–500, default 50).' }),
  cursor: z.string().max(500).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
};

/** An ISO-8601 instant with an offset, normalised to UTC. */
export const instant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .openapi({ example: '2026-11-20T00:00:00Z' });

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
