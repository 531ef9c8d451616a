import { ApiProperty } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import type { InquiryStatus } from '../common/workflow.js';
import type { ConsentStatus, EntryStatus } from '../common/knowledge-status.js';
import { badRequest, conflict, firstDenial, forbidden, type Decision } from './decision.js';
import type { AccessFacts } from './facts.js';

/** What the viewer may do on one knowledge entry now: the `viewerCan` of an entry's view. */
export class KnowledgeCan {
  @ApiProperty({ description: 'Change the draft (PATCH)' }) edit: boolean;
  @ApiProperty({ description: 'Submit the draft for the second approval' }) submit: boolean;
  @ApiProperty({ description: 'Approve and publish it (a member of the secretariat other than its drafter)' }) approve: boolean;
  @ApiProperty({ description: 'Take it off the knowledge base (its drafter or approver)' }) unpublish: boolean;
}

/** What an entry is to its viewer: who drafted and who approved it, and where it stands. */
export interface EntryFacts {
  status: EntryStatus;
  drafterId: string;
  approverId: string | null;
}

/**
 * The rules of the knowledge base (issue 21). Published entries are read by every signed-in
 * requester, expert and the secretariat; drafts by the secretariat alone. An entry is drafted only
 * from a closed inquiry whose requester consented at intake and confirmed it at closure; a second
 * member of the secretariat approves it; either of the two can take it off again.
 */
export class KnowledgePermissions {
  constructor(private readonly viewer: Viewer) {}

  private get isSecretariat(): boolean {
    return this.viewer.role === 'secretariat';
  }

  /** Whether the viewer sees entries that are not published (drafts, withdrawn ones). */
  seesUnpublished(): boolean {
    return this.isSecretariat;
  }

  /** Whether the viewer sees this entry at all (no: the 404 of a missing id). */
  sees(entry: { status: EntryStatus }): boolean {
    return this.isSecretariat || entry.status === 'published';
  }

  /** Whether an inquiry's page offers the secretariat to draft an entry from it (its requester confirmed the consent). */
  offerDraft(consent: ConsentStatus | null): boolean {
    return this.isSecretariat && consent === 'given';
  }

  /** The list's filter by status names unpublished entries: the secretariat's. */
  filterByStatus(status: EntryStatus | undefined): Decision {
    return status === undefined || status === 'published' || this.isSecretariat
      ? null
      : badRequest('filter.secretariat-only', 'status is for the secretariat: others see published entries only', { field: 'status' });
  }

  draft(source: { status: InquiryStatus; publicationConsent: boolean }, consent: ConsentStatus | null): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat drafts knowledge entries')),
      () =>
        source.status === 'closed'
          ? null
          : conflict('knowledge.source-not-closed', `the inquiry is ${source.status}: an entry is drafted only from a closed inquiry`, { status: source.status }),
      () => (source.publicationConsent ? null : conflict('knowledge.no-consent', 'the requester did not consent to anonymised reuse when filing this inquiry')),
      () => (consent === 'given' ? null : conflict('knowledge.consent-not-confirmed', 'the requester has not confirmed, at closure, its consent to anonymised reuse')),
    );
  }

  edit(entry: EntryFacts): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat edits knowledge entries')),
      () => (entry.status === 'draft' ? null : conflict('knowledge.wrong-status', `the entry is ${entry.status}: only a draft can be changed`, { status: entry.status })),
    );
  }

  submit(entry: EntryFacts): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat submits knowledge entries')),
      () => (entry.status === 'draft' ? null : conflict('knowledge.wrong-status', `the entry is ${entry.status}: only a draft can be submitted`, { status: entry.status })),
    );
  }

  approve(entry: EntryFacts): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat approves knowledge entries')),
      () =>
        entry.drafterId !== this.viewer.userId
          ? null
          : forbidden('knowledge.second-approver', 'the second approval is given by a member of the secretariat other than the drafter'),
      () =>
        entry.status === 'submitted' ? null : conflict('knowledge.wrong-status', `the entry is ${entry.status}: only a submitted entry can be approved`, { status: entry.status }),
    );
  }

  unpublish(entry: EntryFacts): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat unpublishes knowledge entries')),
      () =>
        entry.drafterId === this.viewer.userId || entry.approverId === this.viewer.userId
          ? null
          : forbidden('knowledge.unpublish-forbidden', 'only the drafter or the approver of an entry may unpublish it'),
      () =>
        entry.status === 'published'
          ? null
          : conflict('knowledge.wrong-status', `the entry is ${entry.status}: only a published entry can be unpublished`, { status: entry.status }),
    );
  }

  can(entry: EntryFacts): KnowledgeCan {
    return { edit: !this.edit(entry), submit: !this.submit(entry), approve: !this.approve(entry), unpublish: !this.unpublish(entry) };
  }
}

/**
 * The requester's consent at closure: asked when an inquiry whose requester consented at intake is
 * closed; answered by the requester who filed it; once given, it can be withdrawn at any time.
 */
export class ConsentPermissions {
  constructor(
    private readonly viewer: Viewer,
    private readonly facts: AccessFacts,
  ) {}

  /** Whether closing (the move to `to`) puts the question to the requester. */
  static askedWhenMovedTo(to: InquiryStatus, publicationConsent: boolean): boolean {
    return to === 'closed' && publicationConsent;
  }

  answer(current: ConsentStatus | null, consent: boolean): Decision {
    return firstDenial(
      () =>
        this.viewer.role === 'requester' && this.facts.requesterId === this.viewer.userId
          ? null
          : forbidden('knowledge.consent-requester-only', 'only the requester who filed the inquiry answers for its consent'),
      () => (current !== null ? null : conflict('knowledge.consent-not-asked', 'no consent to anonymised reuse has been asked for this inquiry')),
      () =>
        current === 'asked' || (current === 'given' && !consent)
          ? null
          : conflict('knowledge.consent-settled', consent ? `the consent is ${current}: it cannot be given again` : `the consent is ${current}: there is nothing to withdraw`, {
              status: current ?? '',
            }),
    );
  }

  /** Whether the viewer is asked the question now (the thread page offers the answer). */
  canAnswer(current: ConsentStatus | null): { give: boolean; refuse: boolean } {
    return { give: !this.answer(current, true), refuse: !this.answer(current, false) };
  }
}

/** The status the consent takes from the requester's answer. */
export const consentAfter = (current: ConsentStatus, consent: boolean): ConsentStatus => (consent ? 'given' : current === 'given' ? 'withdrawn' : 'refused');
