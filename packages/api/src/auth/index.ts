export { type Auth, type AuthOptions, createAuth } from './create-auth';
export { createUserWithPassword } from './create-user';
export { inviteProblem } from './invite-errors';
export { inviteLinkKey, openInviteLink, sealInviteLink } from './invite-link-seal';
export { generateInviteToken, hashInviteToken } from './invite-token';
export { type OidcOptions, type SignInOptions, type SignInPolicy, TICKETING_PROVIDER_ID } from './oidc';
export { signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from './unsubscribe-token';
