import type { AssignmentCan } from '../access/assignment-permissions.js';
import type { Assignment } from './assignment.entity.js';

export interface AssignmentView {
  id: string;
  inquiryId: string;
  expertId: string;
  role: Assignment['role'];
  status: Assignment['status'];
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** What the viewer may do with the assignment now. */
  viewerCan: AssignmentCan;
  /** Shown to the secretariat when it lists one inquiry's assignments. */
  declineReason?: string;
}

export const toAssignmentView = (a: Assignment, viewerCan: AssignmentCan, declineReason?: string): AssignmentView => ({
  id: a.id,
  inquiryId: a.inquiryId,
  expertId: a.expertId,
  role: a.role,
  status: a.status,
  dueAt: a.dueAt,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  viewerCan,
  ...(declineReason === undefined ? {} : { declineReason }),
});
