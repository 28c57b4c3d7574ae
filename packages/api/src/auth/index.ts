export { type Auth, type AuthOptions, createAuth } from './create-auth';
export { inviteProblem } from './invite-errors';
export { generateInviteToken, hashInviteToken } from './invite-token';
export { createUserWithPassword } from './create-user';
