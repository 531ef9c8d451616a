import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AssignmentCan } from '../access/assignment-permissions.js';
import { ASSIGNMENT_STATUSES } from '../common/assignment-status.js';
import { ASSIGNMENT_ROLES, type Assignment } from './assignment.entity.js';

export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) inquiryId: string;
  @ApiProperty({ format: 'uuid' }) expertId: string;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role: Assignment['role'];
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status: Assignment['status'];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: () => AssignmentCan, description: 'What the viewer may do with the assignment now' }) viewerCan: AssignmentCan;
  @ApiPropertyOptional({ description: "Shown to the secretariat when it lists one inquiry's assignments" }) declineReason?: string;
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
