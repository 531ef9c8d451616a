import type { Viewer } from '../common/viewer.js';
import type { Role } from '../common/role.js';

/** The fields of a message that decide who may read it. */
export interface MessageFacts {
  id: string;
  parentId: string | null;
  authorId: string;
  visibility: 'shared' | 'internal';
  clearance: 'pending' | 'cleared' | 'returned' | null;
}

/** Whom a thread is shown to: the whole of it, or only what the requester side may see. */
export type ThreadAudience = 'whole' | 'requester-side';

/**
 * The requester side sees a message only when it and every message above it are shared and
 * cleared (or needed no clearance): an internal note, a reply to one, or a reply still pending or
 * returned never reaches it, nor does anything posted under them.
 */
export function visibleMessages<M extends MessageFacts>(messages: M[], audience: ThreadAudience): M[] {
  if (audience === 'whole') return messages;
  const byId = new Map(messages.map((m) => [m.id, m]));
  const memo = new Map<string, boolean>();
  const open = (m: M | undefined): boolean => {
    if (!m) return false;
    const known = memo.get(m.id);
    if (known !== undefined) return known;
    memo.set(m.id, false);
    const ok = m.visibility === 'shared' && (m.clearance === null || m.clearance === 'cleared') && (m.parentId === null || open(byId.get(m.parentId)));
    memo.set(m.id, ok);
    return ok;
  };
  return messages.filter((m) => open(m));
}

/** The clearance a new message starts with: an expert's shared reply waits for the secretariat. */
export function initialClearance(authorRole: Role, visibility: 'shared' | 'internal'): 'pending' | null {
  return authorRole === 'expert' && visibility === 'shared' ? 'pending' : null;
}

/**
 * Whether a message answers the requester (for the reports' time to first reply): shared, cleared
 * or needing no clearance, and not posted by the requester side itself.
 */
export function answersRequester(m: { authorRole: Role; visibility: 'shared' | 'internal'; clearance: 'pending' | 'cleared' | 'returned' | null }): boolean {
  return m.authorRole !== 'requester' && m.visibility === 'shared' && (m.clearance === null || m.clearance === 'cleared');
}

/**
 * Whether the viewer is shown a message's clearance (pending, cleared, returned): those who write
 * and clear replies are; a requester reads only cleared replies, so the word means nothing there.
 */
export const seesClearance = (viewer: Viewer): boolean => viewer.role !== 'requester';
