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

const FICTIONAL_RECHECK_MS = 30_000;

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  private fictional = { value: false, at: -Infinity };

  async create(_viewer: Viewer, dto: CreateOrganizationDto): Promise<Organization> {
    const org: Organization = { id: newId(), name: dto.name, country: dto.country, kind: dto.kind, createdAt: this.clock.iso() };
    const created = await this.tx.run((em) => this.organizations.insert(org, em));
    if (/^X[A-Z]$/.test(org.country) && org.country !== 'XK') this.fictional = { value: true, at: Date.now() };
    return created;
  }

  /**
   * Whether the choice lists of States offer the fictional XA–XZ: only where the demo (or test
   * data) made organisations of them, so that a real deployment never lists 25 invented States.
   */
  async offersFictionalStates(): Promise<boolean> {
    // Asked by the queue on every page: remembered. Once true it stays so (organisations are never
    // deleted); false is asked again after a while (another instance may have made one).
    const now = Date.now();
    if (this.fictional.value || now - this.fictional.at < FICTIONAL_RECHECK_MS) return this.fictional.value;
    this.fictional = { value: await this.organizations.holdsFictionalStates(), at: now };
    return this.fictional.value;
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
