import { ApiProperty } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import type { AssignmentStatus } from '../common/assignment-status.js';
import { isOpen, type InquiryStatus } from '../common/workflow.js';
import { conflict, firstDenial, forbidden, type Decision } from './decision.js';

/** The facts of one assignment that decide what may be done with it. */
export interface AssignmentFacts {
  expertId: string;
  status: AssignmentStatus;
  /** The status of its inquiry. */
  inquiryStatus: InquiryStatus;
}

/** What the viewer may do with an assignment now: the `viewerCan` of an assignment view (a class for its OpenAPI description). */
export class AssignmentCan {
  @ApiProperty() accept: boolean;
  @ApiProperty() decline: boolean;
  @ApiProperty() complete: boolean;
  @ApiProperty({ description: "Withdraw it (the secretariat; the expert's access ends at once)" }) withdraw: boolean;
}

/** The statuses in which an expert is on the inquiry: it may not be proposed again, and the secretariat may end it. */
export const ON_THE_INQUIRY: readonly AssignmentStatus[] = ['proposed', 'accepted', 'completed'];

const when = (a: AssignmentFacts, verb: string, from: readonly AssignmentStatus[]): Decision =>
  from.includes(a.status) ? null : conflict('assignment.not-open', `the assignment is ${a.status}; it can be ${verb} only when ${from.join(' or ')}`, { status: a.status });

/**
 * The assignment lifecycle by role and state: proposed → accepted (by its expert, while the
 * inquiry is open) → completed (by its expert or the secretariat); a proposal declined by its
 * expert; and the secretariat's revocation, possible in every standing state, completed included,
 * so that access can always be taken back.
 */
export class AssignmentPermissions {
  constructor(
    private readonly viewer: Viewer,
    private readonly a: AssignmentFacts,
  ) {}

  private get ownExpert(): boolean {
    return this.viewer.role === 'expert' && this.viewer.userId === this.a.expertId;
  }

  accept(): Decision {
    return firstDenial(
      () => (this.ownExpert ? null : forbidden('assignment.expert-only', 'only the expert proposed may accept')),
      () => when(this.a, 'accepted', ['proposed']),
      () =>
        isOpen(this.a.inquiryStatus)
          ? null
          : conflict('inquiry.closed', `the inquiry is ${this.a.inquiryStatus}: the proposal can no longer be accepted`, { status: this.a.inquiryStatus }),
    );
  }

  decline(): Decision {
    return firstDenial(
      () => (this.ownExpert ? null : forbidden('assignment.expert-only', 'only the expert proposed may decline')),
      () => when(this.a, 'declined', ['proposed']),
    );
  }

  complete(): Decision {
    return firstDenial(
      () => (this.ownExpert || this.viewer.role === 'secretariat' ? null : forbidden('assignment.expert-only', 'only the expert or the secretariat may complete an assignment')),
      () => when(this.a, 'completed', ['accepted']),
    );
  }

  withdraw(): Decision {
    return firstDenial(
      () => (this.viewer.role === 'secretariat' ? null : forbidden('role.secretariat-only', 'only the secretariat withdraws an assignment')),
      () => when(this.a, 'withdrawn', ON_THE_INQUIRY),
    );
  }

  can(): AssignmentCan {
    return { accept: !this.accept(), decline: !this.decline(), complete: !this.complete(), withdraw: !this.withdraw() };
  }
}
