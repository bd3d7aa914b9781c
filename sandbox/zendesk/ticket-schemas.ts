// zod schemas of ticket request bodies (create, import, update).
import { z } from 'zod';
import { fieldValueSchema, idSchema, tagsSchema } from './validation.ts';

const nullableId = idSchema.nullable();

export const commentInputSchema = z.object({
  body: z.string().optional(),
  html_body: z.string().optional(),
  value: z.string().optional(),
  public: z.boolean().optional(),
  author_id: idSchema.optional(),
  created_at: z.string().optional(),
});
export type CommentInput = z.infer<typeof commentInputSchema>;

/**
 * Followers in a ticket create or update (Tickets API, "Setting followers"): an array of
 * objects naming a user (here by `user_id`) and an `action`, "put" (add, the default) or
 * "delete". Any other shape (bare ids, unknown keys) is refused.
 */
export const followersSchema = z.array(
  z.strictObject({ user_id: idSchema, action: z.enum(['put', 'delete'], 'must be put or delete').optional() }),
  'must be an array of {user_id, action}',
);

export const customFieldsSchema = z.array(z.object({ id: idSchema, value: fieldValueSchema }), 'must be an array of {id, value}');

const common = {
  subject: z.string().optional(),
  raw_subject: z.string().optional(),
  priority: z.enum(['urgent', 'high', 'normal', 'low'], 'must be one of urgent, high, normal, low').nullable().optional(),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed'], 'must be one of new, open, pending, hold, solved, closed').optional(),
  type: z.enum(['problem', 'incident', 'question', 'task'], 'must be one of problem, incident, question, task').nullable().optional(),
  requester_id: idSchema.optional(),
  requester: z.object({ name: z.string().optional(), email: z.email(), locale_id: z.number().optional() }).optional(),
  submitter_id: idSchema.optional(),
  assignee_id: nullableId.optional(),
  group_id: nullableId.optional(),
  organization_id: nullableId.optional(),
  external_id: z.string().nullable().optional(),
  ticket_form_id: nullableId.optional(),
  due_at: z.string().nullable().optional(),
  tags: tagsSchema.optional(),
  custom_fields: customFieldsSchema.optional(),
  fields: customFieldsSchema.optional(),
  comment: commentInputSchema.optional(),
  followers: followersSchema.optional(),
};

export const ticketCreateSchema = z.object({ ticket: z.object(common, 'ticket must be an object') }, 'body must be {"ticket": {...}}');
export type TicketCreateInput = z.infer<typeof ticketCreateSchema>['ticket'];

export const ticketImportSchema = z.object({
  ticket: z.object({
    ...common,
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
    solved_at: z.string().optional(),
    description: z.string().optional(),
    comments: z.array(commentInputSchema).optional(),
  }, 'ticket must be an object'),
}, 'body must be {"ticket": {...}}');
export type TicketImportInput = z.infer<typeof ticketImportSchema>['ticket'];

export const ticketUpdateSchema = z.object({
  ticket: z.object({
    ...common,
    safe_update: z.boolean().optional(),
    updated_stamp: z.string().optional(),
    // Kept in the update's audit as metadata.custom (GET /api/v2/tickets/{id}/audits).
    metadata: z.record(z.string(), z.unknown(), 'metadata must be an object').optional(),
    // Accepted by Zendesk only on update_many; on a single update they are ignored.
    additional_tags: z.unknown().optional(),
    remove_tags: z.unknown().optional(),
  }, 'ticket must be an object'),
}, 'body must be {"ticket": {...}}');
export type TicketUpdateInput = z.infer<typeof ticketUpdateSchema>['ticket'];

export const updateManySchema = z.object({
  ticket: z.object({
    ...common,
    additional_tags: tagsSchema.optional(),
    remove_tags: tagsSchema.optional(),
  }),
});
export type UpdateManyInput = z.infer<typeof updateManySchema>['ticket'];
