import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { paginate, type PageQuery } from '../common/pagination.js';
import type { Page } from '../common/page.js';
import { Organization } from './organization.entity.js';

@Injectable()
export class OrganizationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Organization);
  }

  findById(id: string, em?: EntityManager): Promise<Organization | null> {
    return this.repo(em).findOneBy({ id });
  }

  async insert(org: Organization, em: EntityManager): Promise<Organization> {
    await this.repo(em).insert(org);
    return org;
  }

  /** Whether some organisation is of a user-assigned, fictional State (XA–XZ but Kosovo's XK): the demo or test data. */
  holdsFictionalStates(): Promise<boolean> {
    return this.repo().createQueryBuilder('o').where("o.country LIKE 'X%'").andWhere("o.country <> 'XK'").getExists();
  }

  list(query: PageQuery): Promise<Page<Organization>> {
    return paginate(this.repo().createQueryBuilder('o'), query);
  }
}
