import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import type { Page } from '../common/page.js';
import { PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from './decorators.js';
import { CreateOrganizationDto } from './dto/organization.dto.js';
import type { Organization } from './organization.entity.js';
import { OrganizationsService } from './organizations.service.js';

@Controller('api/v1/organizations')
@Roles('secretariat')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateOrganizationDto): Promise<Organization> {
    return this.organizations.create(viewer, dto);
  }

  @Get()
  list(@CurrentViewer() viewer: Viewer, @Query() query: PageQuery): Promise<Page<Organization>> {
    return this.organizations.list(viewer, query);
  }

  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<Organization> {
    return this.organizations.get(viewer, id);
  }
}
