/**
 * A small model of one inquiry, written from API.md, DESIGN.md and issue 15 (not from the code):
 * its status, the one expert's assignment, whether the requester shared it with a colleague, and
 * its thread. The functions below are the table of rules: what each person may see and do, in
 * every state of the inquiry, of the assignment and of each message. The model-based test compares
 * the service's answers (statuses and `viewerCan`) to them.
 */
export type Status = 'submitted' | 'triaged' | 'in-progress' | 'awaiting-requester' | 'answered' | 'closed' | 'withdrawn';
export const STATUSES: Status[] = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered', 'closed', 'withdrawn'];
export const OPEN: Status[] = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered'];

export type Standing = 'none' | 'proposed' | 'accepted' | 'completed' | 'declined' | 'withdrawn';
/** The requester who filed it, a colleague of the same organisation, the one expert proposed on it, and the secretariat. */
export type Who = 'secretariat' | 'requester' | 'colleague' | 'expert';

export interface Msg {
  /** Who wrote it (the requester and the colleague both write as the requester side; 'another' expert than the one modelled). */
  by: Who | 'another';
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

export const isOpen = (m: Model): boolean => OPEN.includes(m.status);

/** "An expert [is] on the inquiry": it may not be proposed again, and the secretariat may end it (issue 15: completed included). */
export const onTheInquiry = (s: Standing): boolean => s === 'proposed' || s === 'accepted' || s === 'completed';

/** The filing requester and the secretariat share an open inquiry (API.md; closed ones take nothing new). */
export function mayShare(m: Model, who: Who): boolean {
  return (who === 'requester' || who === 'secretariat') && isOpen(m);
}

/** Issue 15: the requester or the secretariat removes a participant, in any status (access can always be taken back). */
export const mayRemoveParticipant = (who: Who): boolean => who === 'requester' || who === 'secretariat';

/** API.md: files of the query come from its requester or the secretariat; nothing is added once it is closed or withdrawn. */
export const mayAttachToInquiry = (m: Model, who: Who): boolean => (who === 'requester' || who === 'secretariat') && isOpen(m);

/** API.md: posting needs a poster role and an open inquiry; a requester posts shared only. */
export function mayPost(m: Model, who: Who, visibility: 'shared' | 'internal'): boolean {
  const role = poster(m, who);
  return role !== null && !(role === 'requester' && visibility === 'internal') && isOpen(m);
}

/**
 * Issue 15, finding 1: the author adds files to its own message while it may post there; an
 * expert's shared reply only while it is pending (a cleared one has reached the requester, a
 * returned one is closed).
 */
export function mayAttachToMessage(m: Model, who: Who, i: number): boolean {
  const msg = m.messages[i];
  return msg.by === who && mayPost(m, who, msg.visibility) && (msg.clearance === null || msg.clearance === 'pending');
}

/** API.md: the secretariat clears or returns a reply pending clearance. */
export const maySettle = (m: Model, who: Who, i: number): boolean => who === 'secretariat' && m.messages[i].clearance === 'pending';

/** Issue 15, finding 2: a proposal is accepted by its expert only while the inquiry is open. */
export const mayAccept = (m: Model): boolean => m.standing === 'proposed' && isOpen(m);
export const mayDecline = (m: Model): boolean => m.standing === 'proposed';
/** API.md: complete an accepted assignment (the expert, or the secretariat). */
export const mayComplete = (m: Model): boolean => m.standing === 'accepted';
/** Issue 15, finding 3: the secretariat revokes any assignment that keeps the expert on the inquiry. */
export const mayWithdraw = (m: Model): boolean => onTheInquiry(m.standing);

/** What `viewerCan` of the inquiry must say for each person who sees it. */
export function inquiryCan(m: Model, who: Who) {
  const as = mover(m, who);
  const full = view(m, who) === 'full';
  return {
    readThread: full,
    postShared: full && mayPost(m, who, 'shared'),
    postInternal: full && mayPost(m, who, 'internal'),
    attachFiles: full && mayAttachToInquiry(m, who),
    share: full && mayShare(m, who),
    removeParticipants: full && mayRemoveParticipant(who),
    triage: who === 'secretariat',
    assignExperts: who === 'secretariat' && isOpen(m),
    readAudit: who === 'secretariat',
    transitions: full && as ? allowedMoves(m, as) : [],
  };
}

/** Issue 15: closing or withdrawing the inquiry withdraws the proposals still open. */
export function afterMove(m: Model, to: Status): void {
  m.status = to;
  if ((to === 'closed' || to === 'withdrawn') && m.standing === 'proposed') m.standing = 'withdrawn';
}
