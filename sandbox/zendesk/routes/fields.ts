// /api/v2/user_fields, /api/v2/organization_fields, /api/v2/ticket_fields
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { fieldError, notFound } from '../errors.ts';
import { presentField } from '../present.ts';
import type { SimulatorStore } from '../store.ts';
import { isoSeconds, nextStamp } from '../time.ts';
import type { CustomField, CustomFieldOption, FieldKind } from '../types.ts';
import { parseBody } from '../validation.ts';
import { idParam } from './util.ts';

const FIELD_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'dropdown', 'tagger', 'multiselect', 'lookup', 'partialcreditcard'] as const;
const optionSchema = z.object({ id: z.number().optional(), name: z.string().min(1), value: z.string().min(1) });
const fieldShape = {
  type: z.enum(FIELD_TYPES, `must be one of ${FIELD_TYPES.join(', ')}`),
  key: z.string().regex(/^[A-Za-z0-9_]+$/, 'may contain only letters, numbers and underscores').optional(),
  title: z.string().min(1, 'cannot be blank'),
  description: z.string().optional(),
  position: z.number().int().optional(),
  active: z.boolean().optional(),
  required: z.boolean().optional(),
  regexp_for_validation: z.string().nullable().optional(),
  custom_field_options: z.array(optionSchema).optional(),
  // A checkbox's tag, as Zendesk's tags are: no spaces or commas.
  tag: z.string().regex(/^[^\s,]+$/, 'Tag: cannot contain spaces or commas').nullable().optional(),
};

const ROUTES: { kind: FieldKind; path: string; envelope: string }[] = [
  { kind: 'user_field', path: '/user_fields', envelope: 'user_field' },
  { kind: 'organization_field', path: '/organization_fields', envelope: 'organization_field' },
  { kind: 'ticket_field', path: '/ticket_fields', envelope: 'ticket_field' },
];

export interface FieldSpec {
  type: (typeof FIELD_TYPES)[number];
  key?: string | undefined;
  title: string;
  description?: string | undefined;
  position?: number | undefined;
  active?: boolean | undefined;
  required?: boolean | undefined;
  regexp_for_validation?: string | null | undefined;
  custom_field_options?: { name: string; value: string }[] | undefined;
  tag?: string | null | undefined;
}

function buildOptions(store: SimulatorStore, opts: { name: string; value: string }[] | undefined): CustomFieldOption[] | undefined {
  if (!opts) return undefined;
  const values = new Set<string>();
  return opts.map((o, i) => {
    if (values.has(o.value)) throw fieldError('custom_field_options', `Field options: value ${o.value} is used more than once`, 'DuplicateValue');
    values.add(o.value);
    return { id: store.nextId('custom_field_option'), name: o.name, value: o.value, position: i, default: false };
  });
}

/** Creates a custom field (used by the API and by the seed). */
export function createField(store: SimulatorStore, kind: FieldKind, spec: FieldSpec): CustomField {
  if (kind !== 'ticket_field') {
    if (!spec.key) throw fieldError('key', 'Key: cannot be blank', 'BlankValue');
    if (store.fieldsOf(kind).some((f) => f.key === spec.key)) throw fieldError('key', `Key: ${spec.key} has already been taken`, 'DuplicateValue');
  }
  if ((spec.type === 'dropdown' || spec.type === 'tagger' || spec.type === 'multiselect') && !spec.custom_field_options?.length) {
    throw fieldError('custom_field_options', 'Field options: at least one option is required', 'BlankValue');
  }
  const now = isoSeconds(store.now());
  const field: CustomField = {
    id: store.nextId('field'), kind, type: spec.type, key: kind === 'ticket_field' ? null : spec.key ?? null, title: spec.title,
    description: spec.description ?? '', position: spec.position ?? store.fieldsOf(kind).length, active: spec.active ?? true,
    required: spec.required ?? false, regexp_for_validation: spec.regexp_for_validation ?? null,
    custom_field_options: buildOptions(store, spec.custom_field_options), tag: spec.type === 'checkbox' ? spec.tag?.toLowerCase() ?? null : null, created_at: now, updated_at: now,
  };
  store.fields.set(field.id, field);
  // New fields appear (empty) on existing records.
  if (kind === 'ticket_field') for (const t of store.tickets.values()) t.custom_fields.push({ id: field.id, value: null });
  if (kind === 'user_field') for (const u of store.users.values()) u.user_fields[field.key!] = null;
  if (kind === 'organization_field') for (const o of store.organizations.values()) o.organization_fields[field.key!] = null;
  return field;
}

export function fieldRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  for (const { kind, path, envelope } of ROUTES) {
    const present = (f: CustomField) => presentField(deps.baseUrl(), f);
    const get = (id: number): CustomField => {
      const f = store.fields.get(id);
      if (!f || f.kind !== kind) throw notFound();
      return f;
    };
    const plural = `${envelope}s`;
    app.get(path, (c) => {
      const list = store.fieldsOf(kind);
      return c.json({ [plural]: list.map(present), next_page: null, previous_page: null, count: list.length });
    });
    app.get(`${path}/:id{[0-9]+}`, (c) => c.json({ [envelope]: present(get(idParam(c))) }));
    app.post(path, async (c) => {
      const body = await parseBody(c, z.object({ [envelope]: z.object(fieldShape) }));
      const spec = body[envelope] as FieldSpec;
      return c.json({ [envelope]: present(createField(store, kind, spec)) }, 201);
    });
    app.put(`${path}/:id{[0-9]+}`, async (c) => {
      const field = get(idParam(c));
      const body = await parseBody(c, z.object({ [envelope]: z.object(z.object(fieldShape).partial().shape) }));
      const patch = body[envelope] as Partial<FieldSpec>;
      if (patch.key !== undefined && patch.key !== field.key) {
        throw fieldError('key', 'Key: cannot be changed', 'InvalidValue');
      }
      if (patch.type !== undefined && patch.type !== field.type) throw fieldError('type', 'Type: cannot be changed', 'InvalidValue');
      if (patch.title !== undefined) field.title = patch.title;
      if (patch.description !== undefined) field.description = patch.description;
      if (patch.position !== undefined) field.position = patch.position;
      if (patch.active !== undefined) field.active = patch.active;
      if (patch.required !== undefined) field.required = patch.required;
      if (patch.regexp_for_validation !== undefined) field.regexp_for_validation = patch.regexp_for_validation;
      if (patch.custom_field_options !== undefined) field.custom_field_options = buildOptions(store, patch.custom_field_options);
      if (patch.tag !== undefined && field.type === 'checkbox') field.tag = patch.tag?.toLowerCase() ?? null;
      field.updated_at = nextStamp(store.now(), field.updated_at);
      return c.json({ [envelope]: present(field) });
    });
    app.delete(`${path}/:id{[0-9]+}`, (c) => {
      const field = get(idParam(c));
      store.fields.delete(field.id);
      return c.body(null, 204);
    });
  }
  return app;
}
