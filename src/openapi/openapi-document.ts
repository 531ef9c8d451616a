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
      .setDescription(
        'An inquiry (GET /api/v1/inquiries/{id}), each message of a thread and each assignment carry `viewerCan`: what the caller may do with it in its present state ' +
          '(the same answers the service enforces). See the README for the rules, the participant removal and the account recovery endpoints.',
      )
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
