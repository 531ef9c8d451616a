import { ApiProperty, type SchemaObject } from '@nestjs/swagger';

/** Terminus's answer: each checked dependency by name ("database") with its status. */
const DEPENDENCY: SchemaObject = { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true };
const BY_DEPENDENCY = { type: 'object', additionalProperties: DEPENDENCY } as const;

export class HealthView {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ ...BY_DEPENDENCY, description: 'The dependencies that answered' }) info: object;
  @ApiProperty({ ...BY_DEPENDENCY, description: 'The dependencies that did not (empty when the status is ok)' }) error: object;
  @ApiProperty(BY_DEPENDENCY) details: object;
}
