import { z } from '@hono/zod-openapi';

export const apiKeySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The key\'s first characters, to recognise it.', example: 'bw_Xy12ab' }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().openapi({ description: 'Updated at most once a minute.' }),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const createApiKeySchema = z.object({ name: z.string().trim().min(1).max(100) }).openapi('CreateApiKey');

export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: 'The key itself: shown this once, stored only as a hash.' }) })
  .openapi('CreatedApiKey');
