import { ApiProperty } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { allowedTargets, isOpen, STATUSES, transitionRequirement, type InquiryStatus, type WorkflowActor } from '../common/workflow.js';
import { conflict, firstDenial, forbidden, type Decision } from './decision.js';
import { ExpertStanding, type AccessFacts } from './facts.js';
import type { ThreadAudience } from './message-visibility.js';

/** A move the viewer may make now, with what it needs (the secretariat closes with an outcome, and a reason unless the advice was given). */
export class AllowedMove {
  @ApiProperty({ enum: STATUSES }) to: InquiryStatus;
  @ApiProperty({ description: 'The move takes an outcome (POST /transitions with `outcome`)' }) needsOutcome: boolean;
  @ApiProperty({ description: 'The move takes a reason (POST /transitions with `reason`)' }) needsReason: boolean;
}

/**
 * What the viewer may do on the inquiry in its present state: the `viewerCan` of an inquiry view,
 * so that a client (the pages first) offers only what will work. A class for its OpenAPI
 * description; `can()` answers it as a plain object.
 */
export class InquiryCan {
  @ApiProperty({ description: 'Read the thread (GET /inquiries/{id}/messages)' }) readThread: boolean;
  @ApiProperty({ description: 'Post a shared message' }) postShared: boolean;
  @ApiProperty({ description: 'Post an internal note' }) postInternal: boolean;
  @ApiProperty({ description: 'Attach files to the query itself' }) attachFiles: boolean;
  @ApiProperty({ description: 'Share the inquiry with a colleague' }) share: boolean;
  @ApiProperty({ description: 'Remove a participant' }) removeParticipants: boolean;
  @ApiProperty() triage: boolean;
  @ApiProperty({ description: 'Propose experts' }) assignExperts: boolean;
  @ApiProperty({ description: "Read the inquiry's audit trail" }) readAudit: boolean;
  @ApiProperty({ type: () => AllowedMove, isArray: true, description: 'The status moves the viewer may make now' }) transitions: AllowedMove[];
}

/**
 * Every action on one inquiry, decided from the viewer and the facts (its status, the viewer's
 * place on it: filing requester, participant, the standing of its assignment). Services enforce
 * these decisions; `can()` is the same answers as booleans for the views.
 */
export class InquiryPermissions {
  constructor(
    private readonly viewer: Viewer,
    private readonly facts: AccessFacts,
  ) {}

  private get open(): boolean {
    return isOpen(this.facts.status);
  }

  private get isFiler(): boolean {
    return this.viewer.role === 'requester' && this.facts.requesterId === this.viewer.userId;
  }

  private get isSecretariat(): boolean {
    return this.viewer.role === 'secretariat';
  }

  /** As whom the viewer acts in the workflow table: the secretariat, the filing requester, an expert whose assignment is accepted. */
  workflowActor(): WorkflowActor | null {
    if (this.isSecretariat) return 'secretariat';
    if (this.isFiler) return 'requester';
    return this.viewer.role === 'expert' && this.facts.expert === ExpertStanding.Accepted ? 'expert' : null;
  }

  /** How much of the thread the viewer reads, or null when none of it (an expert still only proposed). */
  threadAudience(): ThreadAudience | null {
    switch (this.viewer.role) {
      case 'secretariat':
        return 'whole';
      case 'requester':
        return this.isFiler || this.facts.participant ? 'requester-side' : null;
      case 'expert':
        return this.facts.expert >= ExpertStanding.Completed ? 'whole' : null;
      case 'observer':
        return null;
    }
  }

  /** As whom the viewer writes to the thread, whatever the status: the requester side, an accepted expert, the secretariat. */
  posterRole(): 'secretariat' | 'requester' | 'expert' | null {
    switch (this.viewer.role) {
      case 'secretariat':
        return 'secretariat';
      case 'requester':
        return this.isFiler || this.facts.participant ? 'requester' : null;
      case 'expert':
        return this.facts.expert === ExpertStanding.Accepted ? 'expert' : null;
      case 'observer':
        return null;
    }
  }

  transition(to: InquiryStatus): Decision {
    const actor = this.workflowActor();
    if (!actor) return forbidden('inquiry.read-only', 'you may read this inquiry but not change its status');
    const allowed = allowedTargets(actor, this.facts.status);
    return allowed.includes(to)
      ? null
      : conflict('inquiry.transition-not-allowed', `cannot move from ${this.facts.status} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`, {
          from: this.facts.status,
          to,
        });
  }

  post(visibility: 'shared' | 'internal'): Decision {
    const role = this.posterRole();
    return firstDenial(
      () => (role ? null : forbidden('message.post-forbidden', 'you may not post on this inquiry')),
      () => (role === 'requester' && visibility === 'internal' ? forbidden('message.requester-internal', 'requesters post shared messages only') : null),
      () => (this.open ? null : conflict('inquiry.closed', `the inquiry is ${this.facts.status}: nothing more can be posted`, { status: this.facts.status })),
    );
  }

  /** Files of the query itself come from its requester (at intake) or from the secretariat, while it is open. */
  attachFiles(): Decision {
    return firstDenial(
      () => (this.isSecretariat || this.isFiler ? null : forbidden('role.requester-or-secretariat-only', 'only the requester or the secretariat may attach files to the query')),
      () => (this.open ? null : conflict('inquiry.closed', `the inquiry is ${this.facts.status}: nothing more can be attached`, { status: this.facts.status })),
    );
  }

  /** The filing requester and the secretariat share an open inquiry with colleagues. */
  share(): Decision {
    return firstDenial(
      () =>
        this.isSecretariat || this.isFiler ? null : forbidden('role.requester-or-secretariat-only', 'only the requester who filed it, or the secretariat, may share an inquiry'),
      () => (this.open ? null : conflict('inquiry.closed', `the inquiry is ${this.facts.status}: it can no longer be shared`, { status: this.facts.status })),
    );
  }

  /** Taking access away is always possible, whatever the status: the filing requester or the secretariat. */
  removeParticipant(): Decision {
    return this.isSecretariat || this.isFiler
      ? null
      : forbidden('role.requester-or-secretariat-only', 'only the requester who filed it, or the secretariat, may remove a participant');
  }

  triage(): Decision {
    return this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat triages');
  }

  /** Experts are proposed by the secretariat while the inquiry is open. */
  propose(): Decision {
    return firstDenial(
      () => (this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat assigns experts')),
      () => (this.open ? null : conflict('inquiry.closed', `the inquiry is ${this.facts.status}: no expert can be assigned`, { status: this.facts.status })),
    );
  }

  readAudit(): Decision {
    return this.isSecretariat ? null : forbidden('role.secretariat-only', 'only the secretariat reads the audit trail');
  }

  can(): InquiryCan {
    const actor = this.workflowActor();
    return {
      readThread: this.threadAudience() !== null,
      postShared: this.post('shared') === null,
      postInternal: this.post('internal') === null,
      attachFiles: this.attachFiles() === null,
      share: this.share() === null,
      removeParticipants: this.removeParticipant() === null,
      triage: this.triage() === null,
      assignExperts: this.propose() === null,
      readAudit: this.readAudit() === null,
      transitions: actor
        ? allowedTargets(actor, this.facts.status).map((to) => {
            const needs = transitionRequirement(actor, this.facts.status, to);
            return { to, needsOutcome: needs.outcome, needsReason: needs.reason };
          })
        : [],
    };
  }
}
