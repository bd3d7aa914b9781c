import { describe, expect, it } from 'vitest';
import { isAgentReply, type CommentFacts } from './agent-reply.ts';

const REQUESTER = 7;
const comment = (isPublic: boolean, id: number | null, role: unknown, isStaff?: boolean): CommentFacts => ({ public: isPublic, author: { id, role, ...(isStaff === undefined ? {} : { isStaff }) } });

describe('what counts as an agent reply', () => {
  it.each<[string, CommentFacts, boolean]>([
    ['a public comment by an agent', comment(true, 1, 'agent'), true],
    ['a public comment by an admin', comment(true, 1, 'admin'), true],
    ['a custom agent role (an id)', comment(true, 1, 360001), true],
    ['staff by the event flag, without a role', comment(true, 1, undefined, true), true],
    ['an internal note by an agent', comment(false, 1, 'agent'), false],
    ['the requester, even an agent filing for themselves', comment(true, REQUESTER, 'agent'), false],
    ['an end user', comment(true, 2, 'end-user'), false],
    ['an end user (underscore spelling)', comment(true, 2, 'end_user', false), false],
    ['an author without a role or flag', comment(true, 2, undefined), false],
  ])('%s: %s', (_name, facts, expected) => {
    expect(isAgentReply(facts, REQUESTER)).toBe(expected);
  });
});
