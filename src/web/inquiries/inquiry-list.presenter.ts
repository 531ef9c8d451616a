import type { InquiryListItem } from '../../inquiries/inquiry.view.js';
import { OPEN_STATUSES, STATUSES, URGENCIES, type InquiryStatus } from '../../inquiries/workflow.js';

export const QUEUE_TABS = ['open', 'new', 'overdue', 'clearance', 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

type Query = Record<string, string | undefined>;

/** The status filter of a requester's own list: a known status or none. */
export function myStatusFilter(query: Query): string | undefined {
  return STATUSES.includes(query.status as InquiryStatus) ? query.status : undefined;
}

/** The view model of "my queries". */
export function myQueriesView(page: { items: InquiryListItem[]; total: number; nextCursor: string | null }, status: string | undefined): Record<string, unknown> {
  return {
    title: 'myQueries.title',
    items: page.items,
    total: page.total,
    status,
    statuses: STATUSES,
    next: page.nextCursor ? `/inquiries?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor })}` : null,
  };
}

/** The queue's tab and filters from the query string, unknown values dropped. */
export function queueFilters(query: Query) {
  const tab: QueueTab = QUEUE_TABS.includes(query.tab as QueueTab) ? (query.tab as QueueTab) : 'open';
  const filters = {
    status: STATUSES.includes(query.status as InquiryStatus) ? query.status : undefined,
    topic: query.topic || undefined,
    country: query.country || undefined,
    urgency: URGENCIES.includes(query.urgency as never) ? query.urgency : undefined,
    q: query.q?.trim() || undefined,
  };
  const byTab: Record<QueueTab, Record<string, unknown>> = {
    open: { status: filters.status ?? OPEN_STATUSES.join(',') },
    new: { status: 'submitted' },
    overdue: { status: filters.status ?? OPEN_STATUSES.join(','), overdue: 'true' },
    clearance: { status: filters.status ?? OPEN_STATUSES.join(','), awaitingClearance: 'true' },
    all: { status: filters.status },
  };
  return { tab, filters, listQuery: { ...filters, ...byTab[tab], cursor: query.cursor, limit: 25 } };
}

/** The queue's view model: the rows with their pending replies and organisation names. */
export function queueView(
  input: { tab: QueueTab; filters: ReturnType<typeof queueFilters>['filters'] },
  page: { items: InquiryListItem[]; total: number; nextCursor: string | null },
  pending: Map<string, number>,
  orgNames: Map<string, string>,
  topics: Array<{ slug: string; label: string }>,
  countries: ReadonlyArray<{ code: string; name: string }>,
): Record<string, unknown> {
  const { tab, filters } = input;
  // The list items are this request's own objects: add to them rather than copy each (a spread per row cost more than the row).
  const items = page.items.map((i) => Object.assign(i, { pending: pending.get(i.id) ?? 0, organization: orgNames.get(i.organizationId) ?? '' }));
  const keep = Object.fromEntries(Object.entries({ tab, ...filters }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return {
    title: 'queue.title',
    tab,
    tabs: QUEUE_TABS.map((t) => ({ id: t, current: t === tab, href: `/inquiries?tab=${t}` })),
    filters,
    items,
    total: tab === 'clearance' ? items.length : page.total,
    topicLabels: Object.fromEntries(topics.map((t) => [t.slug, t.label])),
    statuses: STATUSES,
    urgencies: URGENCIES,
    topics: topics.map((t) => t.slug),
    countries,
    next: tab !== 'clearance' && page.nextCursor ? `/inquiries?${new URLSearchParams({ ...keep, cursor: page.nextCursor })}` : null,
  };
}
