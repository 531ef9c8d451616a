import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { TopicsModule } from '../topics/topics.module.js';
import { KnowledgeController, PublicationConsentController } from './knowledge.controller.js';
import { knowledgeSearchProvider } from './knowledge-search.js';
import { KnowledgeEntry, KnowledgeText, KnowledgeTopic, PublicationConsent } from './knowledge.entity.js';
import { KnowledgeRepository } from './knowledge.repository.js';
import { KnowledgeService } from './knowledge.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CryptoModule } from '../crypto/crypto.module.js';

@Module({
  imports: [
    AccessModule,
    AuditModule,
    CryptoModule,
    TypeOrmModule.forFeature([KnowledgeEntry, KnowledgeText, KnowledgeTopic, PublicationConsent]),
    IdentityModule,
    InquiriesModule,
    TopicsModule,
  ],
  controllers: [KnowledgeController, PublicationConsentController],
  providers: [KnowledgeRepository, KnowledgeService, knowledgeSearchProvider],
  exports: [KnowledgeService],
})
export class KnowledgeModule {}
