import { Injectable } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type ParameterObject, type ResponseObject, type SchemaObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { apiRoutes, type ApiRoute } from './api-routes.js';
import { describeErrors, ERROR_BODY } from './error-responses.js';
import { headerParameter, pathParameterSchema, queryParameters, requestSchemas } from './request-schemas.js';

/**
 * The description of the JSON API, generated once the application is assembled. Responses come
 * from the @nestjs/swagger decorators on the handlers and the view classes; requests from the
 * class-validator decorators the validation pipe applies (request-schemas.ts); the common refusals
 * from what each handler declares (error-responses.ts). The server-rendered pages are left out.
 * It is generated on the first request for it: a quarter of a second every start would pay.
 */
@Injectable()
export class OpenApiDocument {
  private app: INestApplication | null = null;
  private document: OpenAPIObject | null = null;

  attach(app: INestApplication): void {
    this.app = app;
  }

  get(): OpenAPIObject {
    if (!this.app) throw new Error('OpenAPI document: no application attached');
    this.document ??= build(this.app);
    return this.document;
  }
}

function build(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CTI confidential technical-advice tracker')
    .setDescription(
      'Errors are `{ statusCode, error, message, code }` (plus `params`, and `errors` by field for `validation.failed`): branch on the stable `code`, not on the English `message`. Lists take `limit` (1–100, default 25) and the opaque `cursor` of the page before. ' +
        'An inquiry (GET /api/v1/inquiries/{id}), each message of a thread and each assignment carry `viewerCan`: what the caller may do with it in its present state ' +
        '(the same answers the service enforces). See the README for the rules, the participant removal and the account recovery endpoints.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A token from POST /api/v1/auth/login' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller}_${method}` });
  return describe(document, apiRoutes(app));
}

function describe(document: OpenAPIObject, routes: Map<string, ApiRoute>): OpenAPIObject {
  const requests = requestSchemas();
  const schemas: Record<string, SchemaObject> = { ...(document.components?.schemas as Record<string, SchemaObject>), ErrorBody: ERROR_BODY };
  const wanted = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
      const route = routes.get(operation.operationId ?? '');
      if (!route) {
        delete (item as Record<string, unknown>)[method];
        continue;
      }
      describeRequest(route, operation, requests, wanted);
      describeErrors(route, operation, method);
      for (const [status, response] of Object.entries(operation.responses as Record<string, ResponseObject>)) response.description ||= STATUS_CODES[status] ?? status;
      if (route.isPublic) operation.security = [];
      if (route.roles) operation.description = [`Only for: ${route.roles.join(', ')}.`, operation.description].filter(Boolean).join(' ');
    }
    if (Object.keys(item).length === 0) delete document.paths[path];
  }
  for (const name of closure(wanted, requests)) schemas[name] = requests[name];
  return { ...document, components: { ...document.components, schemas } };
}

function describeRequest(route: ApiRoute, operation: OperationObject, requests: Record<string, SchemaObject>, wanted: Set<string>): void {
  const parameters: ParameterObject[] = route.pathParams.map((p) => ({ name: p.name, in: 'path', required: true, schema: pathParameterSchema(p.pipes) }));
  parameters.push(...route.headers.map(headerParameter));
  if (route.query) parameters.push(...queryParameters(requests[route.query.name] ?? { type: 'object' }));
  operation.parameters = parameters;
  if (route.body) wanted.add(route.body.name);
}

/** The named request schemas and those they refer to. */
function closure(names: Set<string>, schemas: Record<string, SchemaObject>): Set<string> {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name) || !schemas[name]) return;
    found.add(name);
    for (const ref of JSON.stringify(schemas[name]).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) visit(ref[1]);
  };
  names.forEach(visit);
  return found;
}
