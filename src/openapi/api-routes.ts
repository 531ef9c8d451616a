import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DURING_MFA_ENROLMENT, PUBLIC_ROUTE, ROLES_ALLOWED, SIGN_IN_ROUTE, WEB_PAGE } from '../common/decorators.js';
import type { Role } from '../common/role.js';

/** Nest's RouteParamtypes for the arguments read here (@Body, @Query, @Param, @Headers). */
const BODY = 3;
const QUERY = 4;
const PARAM = 5;
const HEADERS = 6;

/** What the document needs to know of a JSON API handler beyond what @nestjs/swagger reads itself. */
export interface ApiRoute {
  /** As @nestjs/swagger names the operation: `Controller_method`. */
  operationId: string;
  isPublic: boolean;
  signIn: boolean;
  duringMfaEnrolment: boolean;
  roles: readonly Role[] | undefined;
  body: Type | undefined;
  query: Type | undefined;
  /** Each path parameter with the pipes that check it. */
  pathParams: { name: string; pipes: unknown[] }[];
  headers: string[];
}

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** Every handler of the application but the server-rendered pages, read from the same metadata Nest routes with. */
export function apiRoutes(app: INestApplication): Map<string, ApiRoute> {
  const routes = new Map<string, ApiRoute>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || Reflect.getMetadata(WEB_PAGE, controller)) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const flag = (key: string) => Boolean(Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller));
        const args = Object.entries((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, RouteArg>);
        const paramTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as Type[];
        const ofKind = (kind: number) => args.filter(([key]) => key.split(':')[0] === String(kind)).map(([, arg]) => arg);
        routes.set(`${controller.name}_${name}`, {
          operationId: `${controller.name}_${name}`,
          isPublic: flag(PUBLIC_ROUTE),
          signIn: flag(SIGN_IN_ROUTE),
          duringMfaEnrolment: flag(DURING_MFA_ENROLMENT),
          roles: (Reflect.getMetadata(ROLES_ALLOWED, handler) ?? Reflect.getMetadata(ROLES_ALLOWED, controller)) as Role[] | undefined,
          body: ofKind(BODY).map((a) => paramTypes[a.index])[0],
          query: ofKind(QUERY)
            .filter((a) => a.data === undefined)
            .map((a) => paramTypes[a.index])[0],
          pathParams: ofKind(PARAM).map((a) => ({ name: String(a.data), pipes: a.pipes ?? [] })),
          headers: ofKind(HEADERS).map((a) => String(a.data).toLowerCase()),
        });
      }
    }
  }
  return routes;
}
