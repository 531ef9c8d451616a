import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../identity/decorators.js';
import { OpenApiDocument } from './openapi-document.js';

/** The OpenAPI document of this service, for the secretariat only (it maps every route). */
@Controller('api/docs')
@Roles('secretariat')
@ApiExcludeController()
export class OpenApiController {
  constructor(private readonly doc: OpenApiDocument) {}

  @Get()
  get(): object {
    return this.doc.get();
  }
}
