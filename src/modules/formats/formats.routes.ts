import { createRoute, z } from '@hono/zod-openapi';
import { invalid, notFound } from '../../shared/errors.js';
import { errorResponses } from '../api/api.errors.js';
import { jsonBody, jsonContent } from '../api/api.params.js';
import type { Api, ApiDeps } from '../api/api.types.js';
import { JOB_FIELDS, MESSAGE_FIELDS } from '../rules/rules.models.js';
import type { ReportFormat } from './formats.models.js';
import { FORMATS, formatById, RULE_FIELD_NAMES, ruleFieldLabel } from './formats.registry.js';
import { formatSettingsPatchSchema, formatSettingsSchema, withoutCustomerRules } from './formats.settings.js';
import type { Scope } from '../../shared/scope.js';

const field = z.object({ name: z.string(), description: z.string() });
const ruleField = field.extend({
  label: z.string().openapi({ description: 'The field in words ("Comet storage vault").' }),
  values: z.array(z.string()).optional().openapi({ description: 'The values it takes, where they are a known few.' }),
});

const formatSchema = z
  .object({
    id: z.string().openapi({ description: 'The format: the rule-field prefix, the `origin` of checks it discovers.' }),
    product: z.string(),
    settings: formatSettingsSchema,
    fields: z.array(ruleField).openapi({ description: 'Rule fields of its own, beyond the job fields.' }),
    options: z.array(field.extend({ default: z.boolean() })),
    discoverySettingsAt: z.string().nullable().openapi({ description: 'Where its discovery settings are kept, when not here (Comet: `/settings/comet`).' }),
  })
  .openapi('ReportFormat');

const list = createRoute({
  method: 'get',
  path: '/formats',
  tags: ['jobs'],
  summary: 'The report formats, their settings, and every field a rule can test',
  description: 'A user limited to some groups gets the settings without the discovery rules that name customers (senders, tenants, groups).',
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(formatSchema),
        messageFields: z.array(z.string()),
        jobFields: z.array(z.string()),
        labels: z.record(z.string(), z.string()).openapi({ description: 'Every rule field in words.' }),
      }),
      'Every format, in the order they are tried',
    ),
    ...errorResponses,
  },
});

const params = z.object({ id: z.string().max(50).openapi({ param: { name: 'id', in: 'path' }, example: 'veeam' }) });

const patch = createRoute({
  method: 'patch',
  path: '/settings/formats/{id}',
  tags: ['jobs'],
  summary: "Change a report format's settings (each part replaces only the keys it names)",
  description: 'Turn a format off (its mail is then read by the checks\' rules alone), its discovery on or off, restrict it to senders or tenants, map tenants or devices to groups, set its options. Comet\'s discovery settings are at /settings/comet.',
  request: { params, body: jsonBody(formatSettingsPatchSchema) },
  responses: { 200: jsonContent(formatSchema, 'The format now'), ...errorResponses },
});

export function registerFormatRoutes(api: Api, deps: ApiDeps) {
  const present = (f: ReportFormat, scope: Scope = null) => ({
    id: f.id,
    product: f.product,
    settings: scope === null ? deps.formats.settings(f.id) : withoutCustomerRules(deps.formats.settings(f.id)),
    fields: (f.fields ?? []).map((x) => ({ name: x.name, label: ruleFieldLabel(x.name), description: x.description, ...(x.values ? { values: [...x.values] } : {}) })),
    options: (f.options ?? []).map((o) => ({ name: o.name, description: o.description, default: o.default })),
    // A format whose runtime lays its own settings over the generic ones keeps its discovery settings there.
    discoverySettingsAt: deps.formats.runtime(f.id)?.overlay ? `/settings/${f.id}` : null,
  });
  const labels = Object.fromEntries(RULE_FIELD_NAMES.map((name) => [name, ruleFieldLabel(name)]));
  api.openapi(list, (c) => c.json({ items: FORMATS.map((f) => present(f, c.get('scope'))), messageFields: [...MESSAGE_FIELDS], jobFields: [...JOB_FIELDS], labels }, 200));
  api.openapi(patch, async (c) => {
    const id = c.req.valid('param').id;
    const format = formatById(id);
    if (!format) throw notFound('format', id);
    const body = c.req.valid('json');
    const ownsDiscovery = deps.formats.runtime(id)?.overlay !== undefined;
    if (ownsDiscovery && body.autoDiscovery) throw invalid('autoDiscovery', `${format.product}'s discovery settings are at /settings/${id}`);
    if (ownsDiscovery && body.groups) throw invalid('groups', `${format.product}'s group rules are at /settings/${id}`);
    const known = new Set((format.options ?? []).map((o) => o.name));
    for (const name of Object.keys(body.options ?? {})) if (!known.has(name)) throw invalid(`options.${name}`, `${format.product} has no such option`);
    await deps.formats.update(id, body);
    return c.json(present(format), 200);
  });
}
