import { waitsForRequester } from '../../access/page-guidance.js';
import type { QueueCounts, QueueMarkers } from '../../inquiries/inquiries.service.js';
import type { InquiryListItem } from '../../inquiries/inquiry.view.js';
import type { WebI18n, WebLanguage } from '../i18n.js';
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
  const byTab: Record<QueueTab, Record<string, unknown>> = {
    open: { status: filters.status ?? OPEN_STATUSES.join(',') },
    new: { status: 'submitted' },
    overdue: { status: filters.status ?? OPEN_STATUSES.join(','), overdue: 'true' },
    clearance: { status: filters.status ?? OPEN_STATUSES.join(','), awaitingClearance: 'true' },
    all: { status: filters.status },
  };
  return { tab, filters, listQuery: { ...filters, ...byTab[tab], cursor: query.cursor, limit: 25 } };
}

/** The texts of a queue row in the page's language, computed here rather than by helpers in the template's loop (see ChoiceLists). */
export interface RowText {
  status(s: string): string;
  urgency(u: string): string;
  priority(p: string): string;
  country(code: string): string;
  topic(slug: string | undefined): string;
  date(iso: string | null, withTime: boolean): string;
  overdue(days: number): string;
  noExpert: string;
}

const PLURALS = new Map<string, Intl.PluralRules>();

/** `key.one`, `key.other`... by the language's plural rules (Arabic has six forms), `key.other` when one is missing. */
export function plural(i18n: WebI18n, lang: WebLanguage, key: string, count: number): string {
  let rules = PLURALS.get(lang);
  if (!rules) PLURALS.set(lang, (rules = new Intl.PluralRules(lang)));
  const form = `${key}.${rules.select(count)}`;
  return i18n.t(lang, i18n.has(lang, form) ? form : `${key}.other`, { count });
}

export function rowText(i18n: WebI18n, lang: WebLanguage, topics: Array<{ slug: string; label: string }>): RowText {
  const labels = new Map(topics.map((t) => [t.slug, t.label]));
  return {
    status: (s) => i18n.t(lang, `status.${s}`),
    urgency: (u) => i18n.t(lang, `urgency.${u}`),
    priority: (p) => i18n.t(lang, `priority.${p}`),
    country: (code) => (code ? i18n.country(lang, code) : ''),
    topic: (slug) => (slug ? i18n.topic(lang, slug, labels.get(slug)) : ''),
    date: (iso, withTime) => i18n.date(lang, iso, withTime),
    overdue: (days) => (days === 0 ? i18n.t(lang, 'queue.overdueToday') : plural(i18n, lang, 'queue.overdueDays', days)),
    noExpert: i18n.t(lang, 'queue.noExpert'),
  };
}

/**
 * The queue's view model: the tabs with their counts, the filters as ready choice lists, and the
 * rows with their texts and markers (overdue by so many days, urgent, high priority, no expert
 * yet, replies to clear), each said in words as well as shown.
 */
export function queueView(
  input: { tab: QueueTab; filters: ReturnType<typeof queueFilters>['filters'] },
  page: { items: InquiryListItem[]; total: number; nextCursor: string | null },
  markers: Map<string, QueueMarkers>,
  counts: QueueCounts,
  choices: Record<'status' | 'topic' | 'country' | 'urgency', string>,
  text: RowText,
): Record<string, unknown> {
  const { tab, filters } = input;
  // The list items are this request's own objects: add to them rather than copy each (a spread per row cost more than the row).
  const items = page.items.map((i) => {
    const m = markers.get(i.id);
    const overdueDays = m?.overdueDays ?? null;
    return Object.assign(i, {
      pending: m?.pending ?? 0,
      overdue: overdueDays === null ? null : text.overdue(overdueDays),
      noExpert: m?.noExpert ? text.noExpert : null,
      statusText: text.status(i.status),
      urgencyText: text.urgency(i.urgency),
      urgent: i.urgency === 'urgent' || i.urgency === 'high',
      priorityText: text.priority(i.priority),
      highPriority: i.priority === 'critical' || i.priority === 'high',
      countryName: text.country(i.country),
      topicText: text.topic(i.topics[0]),
      dueText: text.date(i.dueAt, false),
      updatedText: text.date(i.updatedAt, true),
    });
  });
  const keep = Object.fromEntries(Object.entries({ tab, ...filters }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return {
    title: 'queue.title',
    tab,
    tabs: QUEUE_TABS.map((t) => ({ id: t, current: t === tab, href: `/inquiries?tab=${t}`, count: counts[t] })),
    filters,
    choices,
    items,
    total: tab === 'clearance' ? items.length : page.total,
    next: tab !== 'clearance' && page.nextCursor ? `/inquiries?${new URLSearchParams({ ...keep, cursor: page.nextCursor })}` : null,
  };
}
