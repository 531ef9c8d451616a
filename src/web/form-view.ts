import type { ErrorCode, ErrorParams, FieldError } from '../common/errors/error-codes.js';
import type { WebI18n, WebLanguage } from './i18n.js';

/** A refusal the person can fix: its code and values (translated by the page), and what each field got wrong. */
export interface FormRefusal {
  status: number;
  code: ErrorCode;
  params: ErrorParams;
  fields: FieldError[];
  /** The service's English words: for logs and pages not yet moved to codes, never shown. */
  detail: string;
}

/**
 * A form shown again after a refusal: what was typed (never a password, a code or a file), the
 * refusal, and how its fields are named on the page. `fieldOf` places a refusal that names no
 * field beside the one it is about (an email already taken beside the email).
 */
export interface FormState {
  /**
   * Which of a page's forms was refused, when it has several whose fields share names (the
   * account page's password change and recovery codes): the others show no error.
   */
  name?: string;
  values: Record<string, unknown>;
  refusal: FormRefusal | null;
  /** Field name → the id of its control on the page (default: the field name). */
  ids?: Record<string, string>;
  /** Field name → the catalogue key of its label, for the summary. */
  labels?: Record<string, string>;
  /** A refusal code → the field it is about. */
  fieldOf?: Partial<Record<ErrorCode, string>>;
}

export interface FieldErrorView {
  /** The id of the message beside the field (for aria-describedby). */
  id: string;
  text: string;
}

/** What a template needs to show a form again: the values, the summary at the top, each field's message, the field to focus. */
export interface FormView {
  name: string | null;
  values: Record<string, unknown>;
  invalid: boolean;
  summary: Array<{ href: string | null; label: string | null; text: string }>;
  errors: Record<string, FieldErrorView>;
  /** The field focused on arrival (autofocus, and the small script for browsers that ignore it); none: the summary. */
  focus: string | null;
}

/**
 * Turns a refused form into its view in the page's language: each field constraint beside its
 * field (the first one a field broke), a refusal about a known field beside it, anything else in
 * the summary only. The validator's English never reaches the page.
 */
export function formView(i18n: WebI18n, lang: WebLanguage, form: FormState): FormView {
  const errors: Record<string, FieldErrorView> = {};
  const summary: FormView['summary'] = [];
  const r = form.refusal;
  const place = (field: string, text: string) => {
    const top = field.split('.')[0];
    if (errors[top]) return;
    const id = form.ids?.[top] ?? top;
    errors[top] = { id: `${id}-error`, text };
    summary.push({ href: `#${id}`, label: form.labels?.[top] ? i18n.t(lang, form.labels[top]) : null, text });
  };
  if (r) {
    for (const f of r.fields) place(f.field, i18n.fieldError(lang, f.code, f.params));
    const about = form.fieldOf?.[r.code];
    if (r.fields.length === 0) {
      const text = i18n.refusal(lang, r.code, r.params);
      if (about) place(about, text);
      else summary.push({ href: null, label: null, text });
    }
  }
  const first = Object.keys(errors)[0];
  return { name: form.name ?? null, values: form.values, invalid: summary.length > 0, summary, errors, focus: first ?? null };
}
