import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OneTimeLinkRepository } from '../one-time-link.js';
import { PasswordReset } from './password-reset.entity.js';

@Injectable()
export class PasswordResetRepository extends OneTimeLinkRepository<PasswordReset> {
  constructor(dataSource: DataSource) {
    super(dataSource, PasswordReset);
  }
}
