import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../../common/viewer.js';
import { CurrentViewer, Roles } from '../../common/decorators.js';
import { CreateLinkDto } from './inquiry-links.dto.js';
import { InquiryLinksService } from './inquiry-links.service.js';
import { InquiryLinkView, LinkSuggestionView } from './inquiry-link.view.js';

const Id = () => Param('id', new ParseUUIDPipe());

@Controller('api/v1/inquiries')
@ApiTags('inquiries')
export class InquiryLinksController {
  constructor(private readonly links: InquiryLinksService) {}

  @Post(':id/links')
  @Roles('secretariat')
  @ApiCreatedResponse({ type: InquiryLinkView, description: 'Linked; for a duplicate, this inquiry is the duplicate of the other, its primary' })
  @ApiBadRequestResponse({ description: 'An inquiry linked to itself' })
  @ApiConflictResponse({ description: 'Linked already, a duplicate across States, or a duplicate that would chain or loop' })
  link(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: CreateLinkDto): Promise<InquiryLinkView> {
    return this.links.link(viewer, id, dto);
  }

  @Get(':id/links')
  @Roles('secretariat', 'expert')
  @ApiOkResponse({ type: InquiryLinkView, isArray: true, description: 'The links whose other side the viewer sees in full too' })
  @ApiForbiddenResponse({ description: 'Links are for the secretariat and the experts accepted on the inquiry' })
  list(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<InquiryLinkView[]> {
    return this.links.list(viewer, id);
  }

  @Delete(':id/links/:linkId')
  @HttpCode(204)
  @Roles('secretariat')
  @ApiNoContentResponse({ description: 'Unlinked; for a duplicate, the replies shared through it and the question to join go with it' })
  unlink(@CurrentViewer() viewer: Viewer, @Id() id: string, @Param('linkId', new ParseUUIDPipe()) linkId: string): Promise<void> {
    return this.links.unlink(viewer, id, linkId);
  }

  @Get(':id/link-suggestions')
  @Roles('secretariat')
  @ApiOkResponse({ type: LinkSuggestionView, isArray: true, description: 'Inquiries of the same State from the last months, with topics or subject words in common, best first' })
  suggestions(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<LinkSuggestionView[]> {
    return this.links.suggestions(viewer, id);
  }
}
