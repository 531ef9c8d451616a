import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { statfs } from 'node:fs/promises';
import { RETRY_AFTER_SECONDS, ServiceFault } from '../common/faults.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Public } from '../common/decorators.js';
import { HealthView } from './health.view.js';

@Controller('health')
@Public()
@ApiTags('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * 200 `{ status: "ok" }` while the database answers and DATA_DIR has DISK_MIN_FREE_MB free;
   * otherwise 503 with Retry-After, the message naming what is down (a load balancer takes the
   * instance out, an operator reads why).
   */
  @Get()
  // Described here: Terminus documents its own 503 shape, which the error filter replaces with the error body.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthView, description: 'The database answers and the disk has room' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer, or the disk is (nearly) full; with Retry-After' })
  async check() {
    try {
      return await this.health.check([() => this.db.pingCheck('database').withTimeout(2000), () => this.disk()]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const down = Object.keys((err.getResponse() as { error?: object }).error ?? {});
      const kind = down.includes('database') ? 'database' : 'disk';
      throw new ServiceFault(kind, `Unavailable: ${down.join(', ') || 'database'} (${DOWN[kind]})`, RETRY_AFTER_SECONDS[kind]);
    }
  }

  private async disk() {
    const session = this.indicator.check('disk');
    const s = await statfs(this.config.dataDir);
    const freeMb = Math.floor((s.bavail * s.bsize) / (1024 * 1024));
    return s.bavail * s.bsize >= this.config.diskMinFreeBytes ? session.up({ freeMb }) : session.down({ freeMb });
  }
}

const DOWN = { database: 'the database does not answer', disk: 'DATA_DIR has less free space than DISK_MIN_FREE_MB' } as const;
