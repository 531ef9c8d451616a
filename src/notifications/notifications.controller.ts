import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import type { Page } from '../common/page.js';
import { PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../identity/decorators.js';
import { ListNotificationsQuery, PreferencesDto } from './dto/notifications.dto.js';
import { NotificationsService, type FailedDeliveryView, type NotificationView } from './notifications.service.js';

const Id = () => Param('id', new ParseUUIDPipe());

@Controller('api/v1')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  list(@CurrentViewer() viewer: Viewer, @Query() q: ListNotificationsQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(viewer, q);
  }

  @Get('notifications/failed')
  @Roles('secretariat')
  failed(@CurrentViewer() viewer: Viewer, @Query() q: PageQuery): Promise<Page<FailedDeliveryView>> {
    return this.notifications.failed(viewer, q);
  }

  @Post('notifications/failed/:id/retry')
  @HttpCode(204)
  @Roles('secretariat')
  retry(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<void> {
    return this.notifications.retry(viewer, id);
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  read(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<void> {
    return this.notifications.markRead(viewer, id);
  }

  @Get('me/notification-preferences')
  preferences(@CurrentViewer() viewer: Viewer) {
    return this.notifications.preferences(viewer);
  }

  @Put('me/notification-preferences')
  setPreferences(@CurrentViewer() viewer: Viewer, @Body() dto: PreferencesDto) {
    return this.notifications.setPreferences(viewer, dto);
  }
}
