import { ApiProperty } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { conflict, firstDenial, forbidden, type Decision } from './decision.js';
import type { InquiryPermissions } from './inquiry-permissions.js';
import type { MessageFacts } from './message-visibility.js';

/** What the viewer may do with a message now: the `viewerCan` of a message view (a class for its OpenAPI description). */
export class MessageCan {
  @ApiProperty({ description: 'Add a file to it (its author, while the inquiry is open, and a reply only while it waits for clearance)' }) attach: boolean;
  @ApiProperty({ description: 'Clear the reply (the secretariat, while it waits for clearance)' }) clear: boolean;
  @ApiProperty({ description: 'Return the reply to its author (the secretariat, while it waits for clearance)' }) return: boolean;
}

/**
 * The actions on one message the viewer can see. A file added to an expert's shared reply reaches
 * the requester with the reply: so it can be added only while the reply is pending, before the
 * secretariat reviews it; once cleared (already with the requester) or returned, the reply is
 * closed to files. Anything else its author wrote takes files while its author may still post.
 */
export class MessagePermissions {
  constructor(
    private readonly viewer: Viewer,
    private readonly inquiry: InquiryPermissions,
    private readonly m: MessageFacts,
  ) {}

  attach(): Decision {
    return firstDenial(
      () => (this.m.authorId === this.viewer.userId ? null : forbidden('message.author-only', 'only its author may attach files to a message')),
      () => this.inquiry.post(this.m.visibility),
      () =>
        this.m.clearance === null || this.m.clearance === 'pending'
          ? null
          : conflict('message.settled', `the reply was ${this.m.clearance}: no file can be added to it any more`, { clearance: this.m.clearance }),
    );
  }

  /** The secretariat clears or returns an expert's reply that waits for clearance. */
  settle(): Decision {
    return firstDenial(
      () => (this.viewer.role === 'secretariat' ? null : forbidden('role.secretariat-only', 'only the secretariat clears replies')),
      () =>
        this.m.clearance === 'pending'
          ? null
          : conflict('message.not-pending', `only a reply pending clearance can be cleared or returned; this one is ${this.m.clearance ?? 'not subject to clearance'}`),
    );
  }

  /** Why the secretariat returned it: for the secretariat and the author. */
  seesReturnReason(): boolean {
    return this.viewer.role === 'secretariat' || this.m.authorId === this.viewer.userId;
  }

  can(): MessageCan {
    const settle = !this.settle();
    return { attach: !this.attach(), clear: settle, return: settle };
  }
}
