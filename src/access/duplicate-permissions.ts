import { ApiProperty } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { isOpen, type InquiryStatus } from '../common/workflow.js';
import { conflict, firstDenial, forbidden, type Decision } from './decision.js';
import type { AccessFacts } from './facts.js';

export const JOIN_CONSENTS = ['given', 'refused', 'withdrawn'] as const;
export type JoinConsent = (typeof JOIN_CONSENTS)[number];
export const JOIN_STATUSES = ['asked', 'joined', 'declined', 'ended'] as const;
export type JoinStatus = (typeof JOIN_STATUSES)[number];

/** The two answers to one question to join, and whether both had agreed at some point. */
export interface JoinFacts {
  /** The answer of this inquiry's requester, of the other's. */
  mine: JoinConsent | null;
  theirs: JoinConsent | null;
  joinedAt: string | null;
  /** The status of the other inquiry of the pair. */
  otherStatus: InquiryStatus;
}

/** Where a question to join stands: both agreed (joined), one refused or withdrew before (declined) or after (ended). */
export function joinStatus(a: JoinConsent | null, b: JoinConsent | null, joinedAt: string | null): JoinStatus {
  if (a === 'given' && b === 'given') return 'joined';
  if (a === 'refused' || a === 'withdrawn' || b === 'refused' || b === 'withdrawn') return joinedAt ? 'ended' : 'declined';
  return 'asked';
}

/** The answer a requester's `consent` records: agreeing, refusing before, or withdrawing an agreement given. */
export const joinConsentAfter = (mine: JoinConsent | null, consent: boolean): JoinConsent => (consent ? 'given' : mine === 'given' ? 'withdrawn' : 'refused');

/** What the viewer may do with a question to join (the `viewerCan` of a join view). */
export class JoinCan {
  @ApiProperty({ description: 'Agree to join (the requester who filed this inquiry, while both are open and nobody declined)' }) give: boolean;
  @ApiProperty({ description: 'Refuse before answering' }) refuse: boolean;
  @ApiProperty({ description: 'Withdraw an agreement given (before or after both agreed: the threads part again)' }) withdraw: boolean;
  @ApiProperty({ description: "Read the other requester's thread (both agreed, neither inquiry withdrawn)" }) readOtherThread: boolean;
}

/** What the secretariat knows of a cleared reply it would share with a duplicate. */
export interface ReplyToShare {
  /** The two inquiries are linked as duplicate (this one) and primary (the reply's). */
  duplicateOfPrimary: boolean;
  primaryStatus: InquiryStatus;
  /** The reply among what the primary's requester side reads, or null when it is not there. */
  reply: { authorRole: string; clearance: string | null } | null;
  sharedAlready: boolean;
}

/**
 * Duplicates (issue 21, case E3): two institutions of one State asked the same question; the
 * secretariat answers once.
 *
 * - The secretariat may share a cleared expert reply of the primary with the duplicate,
 *   explicitly, one reply at a time, while both are open (the primary may have closed: its advice
 *   stays given; not once withdrawn). The duplicate's requester side reads it as "shared from a
 *   related query", never with the primary's reference, requester, organisation or thread. It
 *   shows while the link holds (removing the link removes the shares) and until the duplicate's
 *   content is purged.
 * - Each requester sees only its own thread unless both agree to join: the secretariat asks both
 *   (while both are open); each filing requester gives or refuses; either may withdraw at any time,
 *   before both agreed (the question is then declined) or after (the join ends). While joined,
 *   the requester side of each reads the other's question and requester-side thread, except once
 *   either inquiry is withdrawn.
 */
export class DuplicatePermissions {
  constructor(
    private readonly viewer: Viewer,
    private readonly facts: AccessFacts,
    private readonly purged: boolean,
  ) {}

  private get isSecretariat(): boolean {
    return this.viewer.role === 'secretariat';
  }

  private get isFiler(): boolean {
    return this.viewer.role === 'requester' && this.facts.requesterId === this.viewer.userId;
  }

  private get requesterSide(): boolean {
    return this.isFiler || (this.viewer.role === 'requester' && this.facts.participant);
  }

  shareReply(reply: ReplyToShare): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('duplicate.share-forbidden', 'only the secretariat shares replies between duplicates')),
      () => (reply.duplicateOfPrimary ? null : conflict('duplicate.not-duplicate', 'replies are shared only with a duplicate, from its primary')),
      () =>
        isOpen(this.facts.status) ? null : conflict('duplicate.closed', `the duplicate is ${this.facts.status}: nothing more can be shared with it`, { status: this.facts.status }),
      () => (reply.primaryStatus !== 'withdrawn' ? null : conflict('duplicate.primary-withdrawn', 'the primary inquiry was withdrawn: its replies are not shared')),
      () =>
        reply.reply?.authorRole === 'expert' && reply.reply.clearance === 'cleared'
          ? null
          : conflict('duplicate.reply-not-shareable', "only an expert's reply cleared for the primary's requester can be shared"),
      () => (reply.sharedAlready ? conflict('duplicate.already-shared', 'this reply is shared with the duplicate already') : null),
    );
  }

  /** The primary's replies that could be shared (the secretariat's page): whether the viewer is offered them. */
  offerSharing(): boolean {
    return this.isSecretariat && isOpen(this.facts.status);
  }

  /** Whether the viewer reads the replies shared with this inquiry: whoever reads its thread, until its content is purged. */
  readSharedReplies(readsThread: boolean): boolean {
    return readsThread && !this.purged;
  }

  /** The secretariat puts the question to join to both requesters of a duplicate and its primary. */
  askToJoin(pair: { kind: 'related' | 'duplicate'; otherStatus: InquiryStatus; askedAlready: boolean }): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('duplicate.join-ask-forbidden', 'only the secretariat asks requesters to join their threads')),
      () => (pair.kind === 'duplicate' ? null : conflict('duplicate.join-not-duplicate', 'only a duplicate and its primary can be joined')),
      () => (isOpen(this.facts.status) && isOpen(pair.otherStatus) ? null : conflict('duplicate.join-needs-open', 'both inquiries must be open to ask their requesters to join')),
      () => (pair.askedAlready ? conflict('duplicate.join-asked-already', 'the requesters were asked already') : null),
    );
  }

  /** Whether the viewer sees the question to join at all (the requester side and the secretariat). */
  seesJoin(): Decision {
    return this.isSecretariat || this.requesterSide ? null : forbidden('duplicate.join-not-yours', 'the question to join is for the requesters and the secretariat');
  }

  answerJoin(join: JoinFacts, consent: boolean): Decision {
    const status = joinStatus(join.mine, join.theirs, join.joinedAt);
    return firstDenial(
      () => (this.isFiler ? null : forbidden('duplicate.join-filer-only', 'only the requester who filed the inquiry answers the question to join')),
      () => {
        if (!consent)
          return join.mine === 'given' || (join.mine === null && status === 'asked')
            ? null
            : conflict('duplicate.join-nothing-to-withdraw', `there is nothing to refuse or withdraw (${join.mine ?? status})`);
        if (join.mine !== null) return conflict('duplicate.join-answered', `the question was answered already (${join.mine}): an answer is given once`);
        if (status !== 'asked') return conflict('duplicate.join-not-asked', `the question is ${status}`);
        return isOpen(this.facts.status) && isOpen(join.otherStatus) ? null : conflict('duplicate.join-needs-open', 'both inquiries must be open to join');
      },
    );
  }

  readOtherThread(join: JoinFacts): Decision {
    return firstDenial(
      () => (this.isSecretariat || this.requesterSide ? null : forbidden('duplicate.join-not-yours', 'the joined thread is for the requesters who agreed')),
      () =>
        joinStatus(join.mine, join.theirs, join.joinedAt) === 'joined' ? null : conflict('duplicate.not-joined', 'both requesters must agree before their threads are joined'),
      () =>
        this.facts.status !== 'withdrawn' && join.otherStatus !== 'withdrawn'
          ? null
          : conflict('duplicate.withdrawn', 'one of the two inquiries was withdrawn: the threads are no longer joined'),
      () => (this.purged ? conflict('inquiry.purged', 'the content of this inquiry was purged') : null),
    );
  }

  joinCan(join: JoinFacts): JoinCan {
    return {
      give: !this.answerJoin(join, true),
      refuse: join.mine === null && !this.answerJoin(join, false),
      withdraw: join.mine === 'given' && !this.answerJoin(join, false),
      readOtherThread: !this.readOtherThread(join),
    };
  }
}
