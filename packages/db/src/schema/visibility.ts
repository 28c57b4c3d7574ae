/**
 * Who may see an image, set or track: `draft` admins only (the default after upload),
 * `attendees` members on the event's attendee list, `members` every member.
 */
export const visibilities = ['draft', 'attendees', 'members'] as const;
export type Visibility = (typeof visibilities)[number];
