import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Invitation } from './invitation.entity.js';
import { OneTimeLinkRepository } from './one-time-link.js';

@Injectable()
export class InvitationRepository extends OneTimeLinkRepository<Invitation> {
  constructor(dataSource: DataSource) {
    super(dataSource, Invitation);
  }
}
