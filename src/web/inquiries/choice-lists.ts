import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { STATUSES, URGENCIES } from '../../common/workflow.js';
import { WebI18n, type WebLanguage } from '../i18n.js';

const escape = (s: string): string => Handlebars.Utils.escapeExpression(s);

/**
 * The queue's filter choices as ready HTML, built once per language (and per set of topic labels):
 * some 300 options rendered through the template's loop and helpers cost most of the queue page's
 * time (the bench's W6); marking the chosen one is a string replacement on the ready list. With
 * nothing chosen, the list is given as the UTF-8 bytes kept with it (WebViews.renderBytes writes
 * them as they are): the States' list alone is 11 KB, encoded once rather than on every page.
 */
@Injectable()
export class ChoiceLists {
  private readonly built = new Map<string, { html: string; bytes: Buffer }>();

  constructor(private readonly i18n: WebI18n) {}

  statuses(lang: WebLanguage, chosen: string | undefined): string | Buffer {
    return this.choose(`status:${lang}`, chosen, () => STATUSES.map((s) => [s, this.i18n.t(lang, `status.${s}`)]));
  }

  urgencies(lang: WebLanguage, chosen: string | undefined): string | Buffer {
    return this.choose(`urgency:${lang}`, chosen, () => URGENCIES.map((u) => [u, this.i18n.t(lang, `urgency.${u}`)]));
  }

  /** `fictional`: whether the demo's XA–XZ States are offered (OrganizationsService.offersFictionalStates). */
  countries(lang: WebLanguage, chosen: string | undefined, fictional: boolean): string | Buffer {
    return this.choose(`country:${lang}:${fictional}`, chosen, () => this.i18n.countryOptions(lang, fictional).map((c) => [c.code, c.name]));
  }

  /** Topics in the page's language; the stored labels are part of the key (the secretariat may reword them). */
  topics(lang: WebLanguage, topics: Array<{ slug: string; label: string }>, chosen: string | undefined): string | Buffer {
    const key = `topic:${lang}:${topics.map((t) => `${t.slug}=${t.label}`).join('\u0000')}`;
    if (this.built.size > 200) this.built.clear();
    return this.choose(key, chosen, () => topics.map((t) => [t.slug, this.i18n.topic(lang, t.slug, t.label)]));
  }

  private choose(key: string, chosen: string | undefined, make: () => Array<[string, string]>): string | Buffer {
    let built = this.built.get(key);
    if (built === undefined) {
      const html = make()
        .map(([value, label]) => `<option value="${escape(value)}">${escape(label)}</option>`)
        .join('');
      this.built.set(key, (built = { html, bytes: Buffer.from(html) }));
    }
    const { html } = built;
    if (!chosen) return built.bytes;
    const option = `<option value="${escape(chosen)}">`;
    return html.replace(option, `<option value="${escape(chosen)}" selected>`);
  }
}
