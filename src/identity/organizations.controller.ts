import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf, type Page } from '../common/page.js';
import { PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { CreateOrganizationDto } from './dto/organization.dto.js';
import { OrganizationView } from './organization.view.js';
import { OrganizationsService } from './organizations.service.js';

@Controller('api/v1/organizations')
@Roles('secretariat')
@ApiTags('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiCreatedResponse({ type: OrganizationView })
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateOrganizationDto): Promise<OrganizationView> {
    return this.organizations.create(viewer, dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(OrganizationView) })
  list(@CurrentViewer() viewer: Viewer, @Query() query: PageQuery): Promise<Page<OrganizationView>> {
    return this.organizations.list(viewer, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationView })
  get(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrganizationView> {
    return this.organizations.get(viewer, id);
  }
}
