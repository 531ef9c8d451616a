import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UsersService } from './users.service.js';

/** The first secretariat account from BOOTSTRAP_ADMIN_*, made only while there are no users at all. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin || (await this.users.countAll()) > 0) return;
    const user = await this.users.createAdmin(admin.email, 'Administrator', admin.password);
    this.logger.log({ userId: user.id }, 'bootstrap secretariat account created');
  }
}
