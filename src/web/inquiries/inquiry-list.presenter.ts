import { waitsForRequester } from '../../access/page-guidance.js';
import type { QueueCounts } from '../../inquiries/inquiries.service.js';
import type { InquiryListItem } from '../../inquiries/inquiry.view.js';
import type { WebI18n, WebLanguage } from '../i18n.js';
import type { PageSlots } from '../views.js';
import { OPEN_STATUSES, STATUSES, URGENCIES, type InquiryStatus } from '../../common/workflow.js';

export const QUEUE_TABS = ['open', 'new', 'overdue', 'clearance', 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

type Query = Record<string, string | undefined>;

/** The status filter of a requester's own list: a known status or none. */
export function myStatusFilter(query: Query): string | undefined {
  return STATUSES.includes(query.status as InquiryStatus) ? query.status : undefined;
}

/** The view model of "my queries": each row marked when it waits for the requester or has news for it. */
export function myQueriesView(
  page: { items: InquiryListItem[]; total: number; nextCursor: string | null },
  status: string | undefined,
  news: Set<string>,
): Record<string, unknown> {
  const items = page.items.map((i) => Object.assign(i, { waits: waitsForRequester(i.status), news: news.has(i.id) }));
  return {
    title: 'myQueries.title',
    items,
    waiting: items.filter((i) => i.waits === 'reply').length,
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
  const byTab: Record<QueueTab, Record<string, string | undefined>> = {
    open: { status: filters.status ?? OPEN_STATUSES.join(',') },
    new: { status: 'submitted' },
    overdue: { status: filters.status ?? OPEN_STATUSES.join(','), overdue: 'true' },
    clearance: { status: filters.status ?? OPEN_STATUSES.join(','), awaitingClearance: 'true' },
    all: { status: filters.status },
  };
  return { tab, filters, listQuery: { ...filters, ...byTab[tab], cursor: query.cursor, limit: '25' } };
}

const PLURALS = new Map<string, Intl.PluralRules>();

/** `key.one`, `key.other`... by the language's plural rules (Arabic has six forms), `key.other` when one is missing. */
export function plural(i18n: WebI18n, lang: WebLanguage, key: string, count: number): string {
  let rules = PLURALS.get(lang);
  if (!rules) PLURALS.set(lang, (rules = new Intl.PluralRules(lang)));
  const form = `${key}.${rules.select(count)}`;
  return i18n.t(lang, i18n.has(lang, form) ? form : `${key}.other`, { count });
}

/**
 * The queue's view model: the tabs with their counts, the filters as ready choice lists, and the
 * rows as ready HTML (QueueRows: their texts and markers, overdue by so many days, urgent, high
 * priority, no expert yet, replies to clear, each said in words as well as shown).
 */
export function queueView(
  input: { tab: QueueTab; filters: ReturnType<typeof queueFilters>['filters'] },
  page: { items: unknown[]; total: number; nextCursor: string | null },
  counts: QueueCounts,
  choices: Record<'status' | 'topic' | 'country' | 'urgency', string | Buffer>,
  rows: string,
): Record<string, unknown> {
  const { tab, filters } = input;
  const keep = Object.fromEntries(Object.entries({ tab, ...filters }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return {
    title: 'queue.title',
    tab,
    tabs: QUEUE_TABS.map((t) => ({ id: t, current: t === tab, href: `/inquiries?tab=${t}`, count: counts[t] })),
    filters,
    choices,
    items: page.items,
    rows,
    total: tab === 'clearance' ? page.items.length : page.total,
    next: tab !== 'clearance' && page.nextCursor ? `/inquiries?${new URLSearchParams({ ...keep, cursor: page.nextCursor })}` : null,
  };
}

const TAB_COUNTS = QUEUE_TABS.map((_, n) => `tabs.${n}.count`);

/**
 * What of the queue's view changes from one request to the next while its markup does not (see
 * WebViews.render): the counts, the search, the caption, the next page's link, the ready choice
 * lists and rows. The rest of its markup follows from the tab and from whether there are rows.
 */
export function queueSlots(view: Record<string, unknown>): PageSlots {
  return {
    key: `${String(view.tab)}:${(view.items as unknown[]).length > 0}`,
    text: [...TAB_COUNTS, 'filters.q', 'caption', 'next'],
    html: ['choices.status', 'choices.topic', 'choices.country', 'choices.urgency', 'rows'],
  };
}
