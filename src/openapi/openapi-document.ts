import { Injectable } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Generated from the controllers once the application is assembled. */
@Injectable()
export class OpenApiDocument {
  private document: OpenAPIObject | null = null;

  build(app: INestApplication): void {
    const config = new DocumentBuilder()
      .setTitle('CTI confidential technical-advice tracker')
      .setVersion('1')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build();
    this.document = SwaggerModule.createDocument(app, config);
  }

  get(): OpenAPIObject {
    if (!this.document) throw new Error('OpenAPI document not built yet');
    return this.document;
  }
}
