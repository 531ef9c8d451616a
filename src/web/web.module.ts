import { Module } from '@nestjs/common';

/** The server-rendered pages: they call the same services as the API. */
@Module({})
export class WebModule {}
