import { expect } from '@jest/globals';

/**
 * Reading a refused form in a page's HTML, over HTTP (the browser tests check the same in
 * Chromium): the control marked invalid and described by its message, the message itself, what
 * the control holds.
 */

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');

/** The opening tag of the element with this id (its attributes), or ''. */
export function tagOf(html: string, id: string): string {
  return new RegExp(`<[a-z]+\\b[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
}

/** The message beside a control (the text of `#<id>-error`, without its hidden prefix), or null. */
export function errorBeside(html: string, id: string): string | null {
  const m = new RegExp(`<span class="field-error" id="${id}-error"><span class="visually-hidden">[^<]*</span>([^<]*)</span>`).exec(html);
  return m ? decode(m[1]) : null;
}

/** What a control holds: an input's value, a textarea's text, a select's chosen options (joined by commas). */
export function valueOf(html: string, id: string): string | null {
  const tag = tagOf(html, id);
  if (tag.startsWith('<textarea')) {
    const m = new RegExp(`<textarea\\b[^>]*\\sid="${id}"[^>]*>([^<]*)</textarea>`).exec(html);
    return m ? decode(m[1]) : null;
  }
  if (tag.startsWith('<select')) {
    const start = html.indexOf(tag);
    const body = html.slice(start, html.indexOf('</select>', start));
    return [...body.matchAll(/<option value="([^"]*)"[^>]*\sselected/g)].map((m) => decode(m[1])).join(',');
  }
  const m = /\svalue="([^"]*)"/.exec(tag);
  return m ? decode(m[1]) : null;
}

/** Whether a checkbox or radio is checked. */
export const isChecked = (html: string, id: string): boolean => /\schecked\b/.test(tagOf(html, id));

/**
 * A refused form's control: marked invalid, described by its message, focused on arrival (the
 * first in error), linked from the summary; the message in the page's language (`pattern`), never
 * the validator's English. Returns the message.
 */
export function expectRefusedBeside(html: string, id: string, pattern: RegExp): string {
  const tag = tagOf(html, id);
  expect([id, tag]).toEqual([id, expect.stringContaining('aria-invalid="true"')]);
  expect(/aria-describedby="([^"]*)"/.exec(tag)?.[1].split(' ')).toContain(`${id}-error`);
  expect(tag).toContain('data-focus');
  expect(html).toMatch(new RegExp(`<div class="error-summary"[\\s\\S]*<a href="#${id}">`));
  const message = errorBeside(html, id);
  expect(message).toMatch(pattern);
  expect(message).not.toMatch(/must be|must not|should not|checklist\.|explanations|texts\.\d|periods\.\d|invalid credentials/);
  return message!;
}

/** The text of the error summary at the top of a page ('' when there is none). */
export function summaryOf(html: string): string {
  const m = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html);
  return m
    ? decode(
        m[0]
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
    : '';
}
