import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ReadableInBrowser, Roles } from '../common/decorators.js';
import { OpenApiDocument } from './openapi-document.js';

/**
 * The OpenAPI document of this service, for the secretariat only (it maps every route): with a
 * bearer token, or in the browser a member of the secretariat is signed in with.
 */
@Controller('api/docs')
@Roles('secretariat')
@ReadableInBrowser()
@ApiExcludeController()
export class OpenApiController {
  constructor(private readonly doc: OpenApiDocument) {}

  @Get()
  get(): object {
    return this.doc.get();
  }
}
