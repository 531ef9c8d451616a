import { Identity1767225600000 } from './1767225600000-Identity.js';
import { Inquiries1767312000000 } from './1767312000000-Inquiries.js';
import { Experts1767398400000 } from './1767398400000-Experts.js';
import { Messages1767484800000 } from './1767484800000-Messages.js';
import { Notifications1767571200000 } from './1767571200000-Notifications.js';
import { RateLimits1767916800000 } from './1767916800000-RateLimits.js';
import { ListIndexes1768003200000 } from './1768003200000-ListIndexes.js';
import { ListOrderIndexes1768089600000 } from './1768089600000-ListOrderIndexes.js';
import { StatusCounts1768176000000 } from './1768176000000-StatusCounts.js';
import { InquiryTopicList1768262400000 } from './1768262400000-InquiryTopicList.js';
import { AuditSealing1768435200000 } from './1768435200000-AuditSealing.js';
import { Reports1768780800000 } from './1768780800000-Reports.js';
import { KnowledgeBase1768867200000 } from './1768867200000-KnowledgeBase.js';
import { InquiryLinks1768870800000 } from './1768870800000-InquiryLinks.js';
import { Retention1769040000000 } from './1769040000000-Retention.js';
import { AccountRecovery1769150000000 } from './1769150000000-AccountRecovery.js';
import { QueueAndUnread1769250000000 } from './1769250000000-QueueAndUnread.js';
import { IntakeWithoutHotRows1769300000000 } from './1769300000000-IntakeWithoutHotRows.js';
import { ReportIndex1769400000000 } from './1769400000000-ReportIndex.js';
import { DuplicateSharing1769500000000 } from './1769500000000-DuplicateSharing.js';
import { ReportTallies1769600000000 } from './1769600000000-ReportTallies.js';
import { ReportCoarseDurations1769700000000 } from './1769700000000-ReportCoarseDurations.js';
import { ReportDirtyDayIndex1769800000000 } from './1769800000000-ReportDirtyDayIndex.js';
import { SearchTokensWithoutForeignKeys1769810000000 } from './1769810000000-SearchTokensWithoutForeignKeys.js';
import { SearchTokenSets1769900000000 } from './1769900000000-SearchTokenSets.js';
import { ReportTopicInsertUnmarked1769910000000 } from './1769910000000-ReportTopicInsertUnmarked.js';
import { AssignmentInquiryStatusIndex1769920000000 } from './1769920000000-AssignmentInquiryStatusIndex.js';
import { SearchWordIndexSqliteOnly1769940000000 } from './1769940000000-SearchWordIndexSqliteOnly.js';
import { AuditSealGuardCondition1769950000000 } from './1769950000000-AuditSealGuardCondition.js';

/** Every migration, in order. Listed by hand: no globs, so ESM, ts-jest and the CLI see the same set. */
export const MIGRATIONS = [
  Identity1767225600000,
  Inquiries1767312000000,
  Experts1767398400000,
  Messages1767484800000,
  Notifications1767571200000,
  RateLimits1767916800000,
  ListIndexes1768003200000,
  ListOrderIndexes1768089600000,
  StatusCounts1768176000000,
  InquiryTopicList1768262400000,
  AuditSealing1768435200000,
  Reports1768780800000,
  KnowledgeBase1768867200000,
  InquiryLinks1768870800000,
  Retention1769040000000,
  AccountRecovery1769150000000,
  QueueAndUnread1769250000000,
  IntakeWithoutHotRows1769300000000,
  ReportIndex1769400000000,
  DuplicateSharing1769500000000,
  ReportTallies1769600000000,
  ReportCoarseDurations1769700000000,
  ReportDirtyDayIndex1769800000000,
  SearchTokensWithoutForeignKeys1769810000000,
  SearchTokenSets1769900000000,
  ReportTopicInsertUnmarked1769910000000,
  AssignmentInquiryStatusIndex1769920000000,
  SearchWordIndexSqliteOnly1769940000000,
  AuditSealGuardCondition1769950000000,
];
