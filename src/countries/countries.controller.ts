import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { CountriesService } from './countries.service.js';
import { CountryCodePipe } from './country-code.pipe.js';
import { CountryView } from './country.view.js';
import { UpdateCountryDto } from './dto/country.dto.js';

@Controller('api/v1/countries')
@ApiTags('countries')
@Roles('secretariat')
export class CountriesController {
  constructor(private readonly countries: CountriesService) {}

  @Get()
  @ApiOkResponse({ type: CountryView, isArray: true, description: 'Every State, with its regions, tags and treaty status as of its date' })
  list(): Promise<CountryView[]> {
    return this.countries.list();
  }

  @Patch(':code')
  @ApiOkResponse({ type: CountryView })
  @ApiConflictResponse({ description: 'The country changed since the version given' })
  update(@CurrentViewer() viewer: Viewer, @Param('code', CountryCodePipe) code: string, @Body() dto: UpdateCountryDto): Promise<CountryView> {
    return this.countries.update(viewer, code, dto);
  }
}
