import type { Viewer } from '../common/viewer.js';
import { badRequest, conflict, firstDenial, forbidden, type Decision } from './decision.js';
import { ExpertStanding, type AccessFacts } from './facts.js';

/** What a link's rules need to know of its two inquiries. */
export interface LinkEnds {
  id: string;
  linkedId: string;
  kind: 'related' | 'duplicate';
  sameState: boolean;
  /** Whether the two are linked already, either way. */
  linked: boolean;
  /** For a duplicate: whether the duplicate has a primary already, or is itself the primary of others, or the primary is a duplicate. */
  duplicateChain: boolean;
}

/**
 * Links between inquiries (issue 21): made by the secretariat; read by the secretariat and by the
 * experts accepted on the inquiry, each link only when the viewer sees the other side in full too.
 */
export class LinkPermissions {
  constructor(
    private readonly viewer: Viewer,
    private readonly facts: AccessFacts,
  ) {}

  read(): Decision {
    return this.viewer.role === 'secretariat' || (this.viewer.role === 'expert' && this.facts.expert >= ExpertStanding.Completed)
      ? null
      : forbidden('link.forbidden', 'links between inquiries are for the secretariat and the experts accepted on them');
  }

  /** Whether one link is shown: the viewer sees its other side in full. */
  showsOtherSide(level: 'none' | 'summary' | 'full' | undefined): boolean {
    return level === 'full';
  }

  suggest(): Decision {
    return this.viewer.role === 'secretariat' ? null : forbidden('role.secretariat-only', 'only the secretariat links inquiries');
  }

  /** Removing a link (either side): the secretariat; the replies shared through it and any join end with it. */
  unlink(): Decision {
    return this.viewer.role === 'secretariat' ? null : forbidden('link.forbidden', 'only the secretariat removes links between inquiries');
  }

  link(ends: LinkEnds): Decision {
    return firstDenial(
      () => this.suggest(),
      () => (ends.id === ends.linkedId ? badRequest('link.self', 'an inquiry cannot be linked to itself') : null),
      () => (ends.linked ? conflict('link.exists', 'the two inquiries are linked already') : null),
      () =>
        ends.kind === 'duplicate' && !ends.sameState ? conflict('link.duplicate-other-state', 'a duplicate is of the same State: link inquiries of two States as related') : null,
      () =>
        ends.kind === 'duplicate' && ends.duplicateChain
          ? conflict('link.duplicate-chain', 'a duplicate has one primary, which is not itself a duplicate: this link would chain or loop duplicates')
          : null,
    );
  }
}
