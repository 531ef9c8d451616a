import { Module } from '@nestjs/common';
import { AccessPolicy } from './access-policy.js';

/** The access policy, imported by every module whose services or pages ask it (not global: a module's imports say what it uses). */
@Module({ providers: [AccessPolicy], exports: [AccessPolicy] })
export class AccessModule {}
