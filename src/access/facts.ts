import type { InquiryStatus } from '../common/workflow.js';

/** An expert's standing on an inquiry, from its best assignment there. */
export enum ExpertStanding {
  None = 0,
  Proposed = 1,
  Completed = 2,
  Accepted = 3,
}

/** What the policy needs to know about one viewer and one inquiry; loaded with the inquiry, in the same query. */
export interface AccessFacts {
  requesterId: string;
  participant: boolean;
  expert: ExpertStanding;
  /** The inquiry's status: what the viewer may do depends on it. */
  status: InquiryStatus;
}
