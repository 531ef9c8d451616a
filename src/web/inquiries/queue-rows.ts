import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { QueueItem } from '../../inquiries/inquiries.service.js';
import { WebI18n, type WebLanguage } from '../i18n.js';
import { plural } from './inquiry-list.presenter.js';

const escape = (value: unknown): string => Handlebars.Utils.escapeExpression(value as string);

/** Words kept per language: statuses, States, days overdue, topics... a few thousand at most. */
const MAX_WORDS = 20_000;

/**
 * The rows of the secretariat's queue as HTML, written here rather than by queue.hbs's loop:
 * through Handlebars the 25 rows (a dozen blocks and lookups each) and the words computed for them
 * were the largest part of the queue page's CPU (bench W6, issue 19). The markup is the one the
 * template had, less its indentation (some 2 KB of the page's 32 to be encoded and written each
 * time); every value goes through Handlebars' own escaping, and the subject, the only user text,
 * keeps its `lang` and `dir="auto"`.
 *
 * A row's words are the same on every page of a language (a status, a State, "3 days overdue"):
 * each is made and escaped once and kept, by language, in a bounded map.
 */
@Injectable()
export class QueueRows {
  private readonly words = new Map<string, string>();
  /** Topic texts by the list of topics they were made from (TopicsService keeps one list for a while). */
  private readonly topicWords = new WeakMap<object, Map<string, string>>();

  constructor(private readonly i18n: WebI18n) {}

  render(lang: WebLanguage, items: readonly QueueItem[], topics: ReadonlyArray<{ slug: string; label: string }>): string {
    if (this.words.size > MAX_WORDS) this.words.clear();
    const topicTexts = this.topicTexts(topics);
    let html = '';
    for (const i of items) {
      const overdue = i.overdueDays === null ? '' : this.overdue(lang, i.overdueDays);
      const urgency = this.word(lang, 'u', i.urgency, () => this.i18n.t(lang, `urgency.${i.urgency}`));
      const priority = i.priority === null ? '' : this.word(lang, 'p', i.priority, () => this.i18n.t(lang, `priority.${i.priority}`));
      const topic = i.topic;
      html +=
        `<tr${overdue ? ' class="overdue"' : ''}>` +
        `<td><a href="/inquiries/${escape(i.id)}">${escape(i.reference)}</a></td>` +
        `<td>${i.purgedAt ? this.purged(lang, i.purgedAt) : `<span lang="${escape(i.language)}" dir="auto">${escape(i.subject)}</span>`}</td>` +
        `<td><span class="status status-${escape(i.status)}">${this.word(lang, 's', i.status, () => this.i18n.t(lang, `status.${i.status}`))}</span>` +
        `${i.noExpert ? ` <span class="badge no-expert">${this.word(lang, 'n', '', () => this.i18n.t(lang, 'queue.noExpert'))}</span>` : ''}</td>` +
        `<td>${i.urgency === 'urgent' || i.urgency === 'high' ? `<span class="badge urgency-${escape(i.urgency)}">${urgency}</span>` : urgency}</td>` +
        `<td>${i.priority === 'critical' || i.priority === 'high' ? `<span class="badge priority-${escape(i.priority)}">${priority}</span>` : priority}</td>` +
        `<td>${i.country ? this.word(lang, 'c', i.country, () => this.i18n.country(lang, i.country)) : ''}</td>` +
        `<td>${topic ? this.topicText(lang, topic, topics, topicTexts) : ''}</td>` +
        `<td>${this.date(lang, i.dueAt, false)}${overdue ? ` <span class="badge overdue">${overdue}</span>` : ''}</td>` +
        `<td>${i.pending ? `<strong>${i.pending}</strong>` : ''}</td>` +
        `<td>${this.date(lang, i.updatedAt, true)}</td>` +
        `</tr>\n`;
    }
    return html;
  }

  /** A kept word, escaped: `kind` and `value` name it within the language. */
  private word(lang: WebLanguage, kind: string, value: string, make: () => string): string {
    const key = `${lang}\u0000${kind}\u0000${value}`;
    let text = this.words.get(key);
    if (text === undefined) this.words.set(key, (text = escape(make())));
    return text;
  }

  /** Not kept: a moment is nearly always another row's (keeping them only churned the kept words); the formatter itself is kept by WebI18n. */
  private date(lang: WebLanguage, iso: string | null, withTime: boolean): string {
    return iso ? escape(this.i18n.date(lang, iso, withTime)) : '';
  }

  private overdue(lang: WebLanguage, days: number): string {
    return this.word(lang, 'o', String(days), () => (days === 0 ? this.i18n.t(lang, 'queue.overdueToday') : plural(this.i18n, lang, 'queue.overdueDays', days)));
  }

  private purged(lang: WebLanguage, purgedAt: string): string {
    return this.word(lang, 'x', purgedAt, () => this.i18n.text(lang, 'retention.purgedShort', { date: this.i18n.date(lang, purgedAt, false) }));
  }

  private topicTexts(topics: ReadonlyArray<{ slug: string; label: string }>): Map<string, string> {
    let texts = this.topicWords.get(topics);
    if (!texts) this.topicWords.set(topics, (texts = new Map()));
    return texts;
  }

  /** A topic in the page's language; English reads the stored label, which the secretariat may reword. */
  private topicText(lang: WebLanguage, slug: string, topics: ReadonlyArray<{ slug: string; label: string }>, texts: Map<string, string>): string {
    const key = `${lang}\u0000${slug}`;
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = escape(this.i18n.topic(lang, slug, topics.find((t) => t.slug === slug)?.label))));
    return text;
  }
}
