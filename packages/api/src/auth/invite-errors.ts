import { type Invite, inviteStatus } from '@party/db';

/**
 * The sentence a person sees when an invite cannot be used. Undefined when it can be used
 * (by `email`, when given).
 */
export function inviteProblem(invite: Invite | undefined, email?: string): string | undefined {
  if (!invite) return 'This invite link is not valid. Ask an admin for a new one.';
  switch (inviteStatus(invite)) {
    case 'used':
      return 'This invite has already been used. Ask an admin for a new one.';
    case 'revoked':
      return 'This invite was withdrawn by an admin.';
    case 'expired':
      return 'This invite has expired. Ask an admin for a new one.';
    case 'open':
      if (email && invite.email && invite.email.toLowerCase() !== email.toLowerCase()) {
        return `This invite is for ${invite.email}. Sign up with that address or ask for another invite.`;
      }
      return undefined;
  }
}
