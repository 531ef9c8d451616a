/**
 * Who hears of what: the one table the dispatcher reads. An audience is resolved to people at
 * delivery time, and then filtered: never the author of the event, never someone who cannot see
 * the inquiry at that moment.
 */
export type Audience =
  | 'secretariat'
  | 'requester-side'
  | 'engaged-experts'
  | 'payload-expert'
  | 'payload-author'
  | 'payload-user';

export const ROUTES: Record<string, readonly Audience[]> = {
  'inquiry.submitted': ['secretariat'],
  'inquiry.status-changed': ['requester-side'],
  'inquiry.shared': ['payload-user'],
  'inquiry.overdue': ['secretariat'],
  'assignment.proposed': ['payload-expert'],
  'assignment.accepted': ['secretariat'],
  'assignment.declined': ['secretariat'],
  'assignment.completed': ['secretariat'],
  'reply.pending-clearance': ['secretariat'],
  'reply.cleared': ['requester-side', 'payload-author'],
  'reply.returned': ['payload-author'],
  'reply.shared': ['requester-side'],
  'requester.replied': ['engaged-experts', 'secretariat'],
  'note.posted': ['engaged-experts', 'secretariat'],
  'user.invited': ['payload-user'],
  // Told to the expert with nothing of the inquiry: not even its reference (its access has ended).
  'assignment.ended': ['payload-user'],
  'user.second-factor-reset': ['payload-user'],
};

/** Events about a person rather than an inquiry: mailed whatever the preference, never in the digest. */
export const PERSONAL_EVENTS = new Set(['user.invited', 'assignment.ended', 'user.second-factor-reset']);
