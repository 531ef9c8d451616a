import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf, type Page } from '../common/page.js';
import { PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { ListNotificationsQuery, MarkAllReadDto, PreferencesDto } from './dto/notifications.dto.js';
import { FailedDeliveryView, MarkedReadView, NotificationsService, NotificationView, PreferencesView } from './notifications.service.js';

const Id = () => Param('id', new ParseUUIDPipe());

@Controller('api/v1')
@ApiTags('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOkResponse({ type: PageOf(NotificationView), description: "The caller's in-app notifications, newest first" })
  list(@CurrentViewer() viewer: Viewer, @Query() q: ListNotificationsQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(viewer, q);
  }

  @Get('notifications/failed')
  @Roles('secretariat')
  @ApiOkResponse({ type: PageOf(FailedDeliveryView), description: 'Deliveries that kept failing (no content)' })
  failed(@CurrentViewer() viewer: Viewer, @Query() q: PageQuery): Promise<Page<FailedDeliveryView>> {
    return this.notifications.failed(viewer, q);
  }

  @Post('notifications/failed/:id/retry')
  @HttpCode(204)
  @Roles('secretariat')
  @ApiNoContentResponse({ description: 'Queued again, with a fresh count of attempts' })
  retry(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<void> {
    return this.notifications.retry(viewer, id);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedReadView, description: 'Every unread notification of the caller (up to `upTo` when given) is now read' })
  readAll(@CurrentViewer() viewer: Viewer, @Body() dto: MarkAllReadDto): Promise<MarkedReadView> {
    return this.notifications.markAllRead(viewer, dto);
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  read(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<void> {
    return this.notifications.markRead(viewer, id);
  }

  @Get('me/notification-preferences')
  @ApiOkResponse({ type: PreferencesView })
  preferences(@CurrentViewer() viewer: Viewer): Promise<PreferencesView> {
    return this.notifications.preferences(viewer);
  }

  @Put('me/notification-preferences')
  @ApiOkResponse({ type: PreferencesView })
  setPreferences(@CurrentViewer() viewer: Viewer, @Body() dto: PreferencesDto): Promise<PreferencesView> {
    return this.notifications.setPreferences(viewer, dto);
  }
}
