import { ApiProperty } from '@nestjs/swagger';
import { RETENTION_OUTCOMES } from './retention-policy.js';
import type { Outcome } from '../common/workflow.js';

export class RetentionPeriodView {
  @ApiProperty({ enum: RETENTION_OUTCOMES }) outcome: Outcome;
  @ApiProperty({ type: 'integer' }) months: number;
  @ApiProperty({ description: 'Whether this is the default (no change by the secretariat)' }) isDefault: boolean;
}

export class RetentionPolicyView {
  @ApiProperty({ type: () => RetentionPeriodView, isArray: true }) periods: RetentionPeriodView[];
}

/** One inquiry of a dry run: references and dates only, never text. */
export class RetentionDueItem {
  @ApiProperty({ format: 'uuid' }) inquiryId: string;
  @ApiProperty({ example: 'CTI-2026-0042' }) reference: string;
  @ApiProperty({ enum: RETENTION_OUTCOMES }) outcome: Outcome;
  @ApiProperty({ format: 'date-time', description: 'When it was closed or withdrawn' }) endedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When its retention ends' }) purgeOn: string;
  @ApiProperty({ description: 'A legal hold suspends its purge' }) held: boolean;
}

export class RetentionDueView {
  @ApiProperty({ type: () => RetentionDueItem, isArray: true, description: 'Oldest first' }) items: RetentionDueItem[];
  @ApiProperty({ description: 'More are due than the limit' }) more: boolean;
}

export class LegalHoldView {
  @ApiProperty({ format: 'uuid' }) inquiryId: string;
  @ApiProperty() reference: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) setById: string;
  @ApiProperty({ format: 'date-time' }) setAt: string;
}
