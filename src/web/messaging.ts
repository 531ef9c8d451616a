import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MessagesService } from '../messages/messages.service.js';
import { UploadsService } from '../messages/uploads.service.js';

/**
 * The thread and file services, which MessagesModule does not export: found once at start in the
 * application's container, so that the pages call the very instances the API calls.
 */
@Injectable()
export class Messaging implements OnModuleInit {
  messages!: MessagesService;
  uploads!: UploadsService;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    this.messages = this.moduleRef.get(MessagesService, { strict: false });
    this.uploads = this.moduleRef.get(UploadsService, { strict: false });
  }
}
