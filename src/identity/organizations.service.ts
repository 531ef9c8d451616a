import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Page } from '../common/page.js';
import type { PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { CreateOrganizationDto } from './dto/organization.dto.js';
import type { Organization } from './organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';
import { refuse } from '../common/errors/refusal.js';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  create(_viewer: Viewer, dto: CreateOrganizationDto): Promise<Organization> {
    const org: Organization = { id: newId(), name: dto.name, country: dto.country, kind: dto.kind, createdAt: this.clock.iso() };
    return this.tx.run((em) => this.organizations.insert(org, em));
  }

  /**
   * Whether the choice lists of States offer the fictional XA–XZ: only where the demo (or test
   * data) made organisations of them, so that a real deployment never lists 25 invented States.
   */
  offersFictionalStates(): Promise<boolean> {
    return this.organizations.holdsFictionalStates();
  }

  list(_viewer: Viewer, query: PageQuery): Promise<Page<Organization>> {
    return this.organizations.list(query);
  }

  async get(_viewer: Viewer, id: string): Promise<Organization> {
    const org = await this.organizations.findById(id);
    if (!org) throw refuse('organization.not-found', 'organisation not found');
    return org;
  }
}
