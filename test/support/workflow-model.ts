/**
 * A small model of one inquiry, written from API.md (not from the code): its status, the one
 * expert's assignment, whether the requester shared it with a colleague, and its thread. The
 * functions say what each person may see and do; the model-based test compares the service to them.
 */
export type Status = 'submitted' | 'triaged' | 'in-progress' | 'awaiting-requester' | 'answered' | 'closed' | 'withdrawn';
export const STATUSES: Status[] = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered', 'closed', 'withdrawn'];
export const OPEN: Status[] = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered'];

export type Standing = 'none' | 'proposed' | 'accepted' | 'completed' | 'declined' | 'withdrawn';
/** The requester who filed it, a colleague of the same organisation, the one expert proposed on it, and the secretariat. */
export type Who = 'secretariat' | 'requester' | 'colleague' | 'expert';

export interface Msg {
  author: 'secretariat' | 'requester' | 'expert';
  visibility: 'shared' | 'internal';
  clearance: 'pending' | 'cleared' | 'returned' | null;
  parent: number | null;
}

export interface Model {
  status: Status;
  standing: Standing;
  shared: boolean;
  messages: Msg[];
}

export const initialModel = (): Model => ({ status: 'submitted', standing: 'none', shared: false, messages: [] });

const MOVES: Record<'secretariat' | 'expert' | 'requester', Partial<Record<Status, Status[]>>> = {
  secretariat: {
    submitted: ['triaged', 'closed'],
    triaged: ['closed'],
    'in-progress': ['answered', 'closed'],
    'awaiting-requester': ['in-progress', 'closed'],
    answered: ['closed'],
    closed: ['triaged'],
  },
  expert: { 'in-progress': ['awaiting-requester', 'answered'] },
  requester: { submitted: ['withdrawn'], triaged: ['withdrawn'], 'in-progress': ['withdrawn'], 'awaiting-requester': ['withdrawn'], answered: ['closed', 'withdrawn'] },
};

/** How much of the inquiry a person sees: a proposed expert a summary, an outsider nothing (404). */
export function view(m: Model, who: Who): 'full' | 'summary' | 'none' {
  if (who === 'colleague') return m.shared ? 'full' : 'none';
  if (who !== 'expert') return 'full';
  return m.standing === 'accepted' || m.standing === 'completed' ? 'full' : m.standing === 'proposed' ? 'summary' : 'none';
}

/** As whom the person moves the inquiry, or null: it may read it but not move it (403). */
export function mover(m: Model, who: Who): 'secretariat' | 'expert' | 'requester' | null {
  if (who === 'expert') return m.standing === 'accepted' ? 'expert' : null;
  return who === 'colleague' ? null : who;
}

export const allowedMoves = (m: Model, as: 'secretariat' | 'expert' | 'requester'): Status[] => MOVES[as][m.status] ?? [];

/** As whom the person posts to the thread, or null (403): only an accepted expert among experts. */
export function poster(m: Model, who: Who): Msg['author'] | null {
  if (who === 'expert') return m.standing === 'accepted' ? 'expert' : null;
  return who === 'colleague' ? 'requester' : who;
}

/** The thread a person reads: all of it, the requester side, or none ('forbidden': a proposed expert, 403). */
export function thread(m: Model, who: Who): number[] | 'hidden' | 'forbidden' {
  if (view(m, who) === 'none') return 'hidden';
  if (who === 'secretariat' || who === 'expert') return m.standing === 'proposed' && who === 'expert' ? 'forbidden' : m.messages.map((_, i) => i);
  return m.messages.map((_, i) => i).filter((i) => reachesRequester(m, i));
}

/** Shared, cleared (or needing no clearance), and under nothing that the requester side cannot see. */
export function reachesRequester(m: Model, i: number): boolean {
  const msg = m.messages[i];
  return msg.visibility === 'shared' && (msg.clearance === null || msg.clearance === 'cleared') && (msg.parent === null || reachesRequester(m, msg.parent));
}
