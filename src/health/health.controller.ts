import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../identity/decorators.js';
import { HealthView } from './health.view.js';

@Controller('health')
@Public()
@ApiTags('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** 200 `{ status: "ok" }` while the database answers, 503 otherwise. */
  @Get()
  // Described here: Terminus documents its own 503 shape, which the error filter replaces with the error body.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthView, description: 'The database answers' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  check() {
    return this.health.check([() => this.db.pingCheck('database').withTimeout(2000)]);
  }
}
