/**
 * What counts as an agent reply (docs/rules.md#handled-solved-and-escalation): a public comment
 * by staff (an agent, an admin or a custom agent role) who is not the ticket's requester. It
 * stops the first-response clock. Each edge (webhook event, ZAF comment) maps its own comment
 * shape to `CommentFacts` and asks here.
 */
export interface CommentFacts {
  public: boolean;
  author: {
    id: number | null;
    /** Zendesk's role: 'end-user', 'agent', 'admin', or a custom role (name or id). */
    role: unknown;
    /** Zendesk's `is_staff`, when the source says so. */
    isStaff?: boolean | null;
  };
}

export function isStaffRole(role: unknown): boolean {
  return role !== undefined && role !== null && role !== '' && role !== 'end-user' && role !== 'end_user';
}

export function isAgentReply(comment: CommentFacts, requesterId: number | null): boolean {
  const staff = comment.author.isStaff === true || isStaffRole(comment.author.role);
  return comment.public && staff && (requesterId === null || comment.author.id !== requesterId);
}
