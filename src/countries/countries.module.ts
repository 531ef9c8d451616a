import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CountriesController } from './countries.controller.js';
import { CountriesService } from './countries.service.js';
import { Country, CountryTag } from './country.entity.js';
import { CountryRepository } from './country.repository.js';
import { AuditModule } from '../audit/audit.module.js';

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Country, CountryTag])],
  controllers: [CountriesController],
  providers: [CountryRepository, CountriesService],
  exports: [CountriesService],
})
export class CountriesModule {}
