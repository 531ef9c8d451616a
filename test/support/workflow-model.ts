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
  /** Issue 21: the consent to anonymised reuse, put when the inquiry (filed with consent) is closed. */
  consent: Consent;
  /** The latest knowledge entry drafted from it. */
  entry: EntryState;
  /** A twin filed by another institution of the same State (it stays open): linked as the duplicate of this inquiry, or not. */
  linked: boolean;
  /** The messages of this inquiry shared with the twin. */
  sharedToTwin: number[];
  /** The question to join the two threads, once asked: each requester's answer, and whether both had agreed. */
  join: { primary: JoinAnswer; twin: JoinAnswer; joinedOnce: boolean } | null;
}

export type Consent = null | 'asked' | 'given' | 'refused' | 'withdrawn';
export type EntryState = null | 'draft' | 'submitted' | 'published' | 'unpublished' | 'withdrawn';
export type JoinAnswer = null | 'given' | 'refused' | 'withdrawn';

export const initialModel = (): Model => ({
  status: 'submitted',
  standing: 'none',
  shared: false,
  messages: [],
  consent: null,
  entry: null,
  linked: false,
  sharedToTwin: [],
  join: null,
});

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

/** Issue 15: closing or withdrawing the inquiry withdraws the proposals still open. Issue 21: closing asks the consent once. */
export function afterMove(m: Model, to: Status): void {
  m.status = to;
  if ((to === 'closed' || to === 'withdrawn') && m.standing === 'proposed') m.standing = 'withdrawn';
  if (to === 'closed' && m.consent === null) m.consent = 'asked';
}

// Issue 21: the knowledge base and duplicates, from the text and the README.

/** The filing requester answers the question put at closure, or withdraws a consent given. */
export const mayAnswerConsent = (m: Model, consent: boolean): boolean => m.consent === 'asked' || (m.consent === 'given' && !consent);
export const consentAfter = (m: Model, consent: boolean): Consent => (consent ? 'given' : m.consent === 'given' ? 'withdrawn' : 'refused');
/** "Withdrawing consent later withdraws every entry drawn from it." */
export function afterConsent(m: Model, consent: boolean): void {
  m.consent = consentAfter(m, consent);
  if (m.consent === 'withdrawn' && m.entry !== null) m.entry = 'withdrawn';
}
/** An entry is drafted only from a closed inquiry whose requester consented at intake and confirmed at closure. */
export const mayDraft = (m: Model): boolean => m.status === 'closed' && m.consent === 'given';
/** Published entries are read by every signed-in requester and expert; the rest by the secretariat alone. */
export const entryVisibleToAll = (m: Model): boolean => m.entry === 'published';

/** Where the question to join stands. */
export function joinStatus(m: Model): 'none' | 'asked' | 'joined' | 'declined' | 'ended' {
  if (!m.join) return 'none';
  const { primary, twin, joinedOnce } = m.join;
  if (primary === 'given' && twin === 'given') return 'joined';
  if ([primary, twin].some((a) => a === 'refused' || a === 'withdrawn')) return joinedOnce ? 'ended' : 'declined';
  return 'asked';
}
/** The secretariat asks both requesters about a duplicate link while both inquiries are open (the twin always is). */
export const mayAskJoin = (m: Model): boolean => m.linked && m.join === null && isOpen(m);
/** Each filing requester agrees once while the question is open and both inquiries are; refuses before answering; withdraws an agreement at any time. */
export function mayAnswerJoin(m: Model, side: 'primary' | 'twin', consent: boolean): boolean {
  const mine = m.join![side];
  const status = joinStatus(m);
  if (!consent) return mine === 'given' || (mine === null && status === 'asked');
  return mine === null && status === 'asked' && isOpen(m);
}
/** Each side reads the other's requester-side thread while both agreed, unless either inquiry was withdrawn. */
export const readsJoined = (m: Model): boolean => joinStatus(m) === 'joined' && m.status !== 'withdrawn';
/** The secretariat shares a cleared expert reply of this (primary) inquiry with its open duplicate, once, unless this one was withdrawn. */
export function mayShareReply(m: Model, i: number): boolean {
  const msg = m.messages[i];
  if (!msg) return false;
  return m.linked && m.status !== 'withdrawn' && msg.author === 'expert' && msg.clearance === 'cleared' && reachesRequester(m, i) && !m.sharedToTwin.includes(i);
}
