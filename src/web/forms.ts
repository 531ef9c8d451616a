import { HttpException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { refusalBody } from '../common/http-error.filter.js';
import { RequestValidationPipe } from '../common/validation.pipe.js';
import { validationRefusal } from '../common/errors/validation-errors.js';
import type { WebPages } from './web-page.js';
import type { FormRefusal } from './form-view.js';

/** A url-encoded form as Fastify parses it: repeated names become arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

export function formBody(body: unknown): FormBody {
  return body && typeof body === 'object' ? (body as FormBody) : {};
}

/** One text field ('' and absent alike give undefined unless `keepEmpty`). */
export function field(body: FormBody, name: string, keepEmpty = false): string | undefined {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || (!keepEmpty && s.trim() === '') ? undefined : s;
}

export function list(body: FormBody, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter((s) => s.length > 0);
}

export const checked = (body: FormBody, name: string): boolean => field(body, name) !== undefined;

/** A date field (YYYY-MM-DD) as the end of that day in UTC, which the services take as an ISO moment. */
export function dateField(body: FormBody, name: string): string | undefined {
  const v = field(body, name);
  return v === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.000Z` : v;
}

/**
 * Validates what a form made with the API's own DTO class, with the same rules as the API's
 * validation pipe (unknown fields refused), so that a page accepts exactly what the API accepts.
 */
export async function validated<T extends object>(cls: new () => T, plain: Record<string, unknown>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  const dto = plainToInstance(cls, defined);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: true, value: false } });
  if (errors.length > 0) throw validationRefusal(errors);
  return dto;
}

const pageQueries = new RequestValidationPipe();

/**
 * A page's query string made into the API's query DTO by the API's own pipe: the same rules, and
 * the same memory of the queries that passed (a queue polled asks the same few again and again,
 * and class-validator over each was 3 % of the queue page's CPU, bench W6).
 */
export async function validatedQuery<T extends object>(cls: new () => T, query: Record<string, string | undefined>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  return (await pageQueries.transform(defined, { type: 'query', metatype: cls, data: undefined })) as T;
}

/** The statuses of a refusal that the user can fix: shown on the page the form came from. */
const FIXABLE = [400, 409, 413, 415, 429];

/** The refusal of a form the person can fix, or null; `also`: more statuses the form shows again (a sign-in's 401). */
export function refusal(err: unknown, also: number[] = []): FormRefusal | null {
  if (!(err instanceof HttpException) || ![...FIXABLE, ...also].includes(err.getStatus())) return null;
  const body = refusalBody(err);
  const detail = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  return { status: body.statusCode, code: body.code, params: body.params ?? {}, fields: body.errors ?? [], detail };
}

/**
 * The refusal with its fields named as the form names them, where one control fills either of two
 * fields of the DTO (the second-factor box: an authenticator's code or a recovery code).
 */
export function asFormFields(r: FormRefusal, names: Record<string, string>): FormRefusal {
  return { ...r, fields: r.fields.map((f) => ({ ...f, field: names[f.field] ?? f.field })) };
}

/**
 * Runs one command of a form and goes back to a page (post/redirect/get): with a confirmation, or
 * with the refusal when the service refused; anything else (a 404, a 403, a defect) is thrown on
 * to the error page. With `again`, a refusal shows the form again instead (status 400/409...),
 * with its errors beside the fields and what was typed.
 */
export async function act(
  pages: WebPages,
  reply: FastifyReply,
  back: string,
  okKey: string,
  work: () => Promise<string | void>,
  again?: (refused: FormRefusal) => Promise<void>,
): Promise<void> {
  let to: string | void;
  try {
    to = await work();
  } catch (err) {
    const r = refusal(err);
    if (!r) throw err;
    if (again) return again(r);
    return pages.redirect(reply, back, { kind: 'error', key: `error.${r.status}`, code: r.code, params: r.params });
  }
  pages.redirect(reply, to ?? back, { kind: 'ok', key: okKey });
}
