import { ApiProperty } from '@nestjs/swagger';

class SuggestedExpert {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/** A reason as a stable code with its values: what the pages translate. */
class SuggestionReasonView {
  @ApiProperty({ enum: ['primary-topic', 'secondary-topic', 'language', 'region', 'load', 'at-capacity', 'unavailable', 'conflict-of-interest'] }) code: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    description: 'topic (slug), language (code), region, load and max, country (ISO code)',
  })
  params: Record<string, string | number>;
}

/** One ranked candidate for an inquiry (see scoring.ts). */
export class SuggestionView {
  @ApiProperty({ type: () => SuggestedExpert }) expert: SuggestedExpert;
  @ApiProperty({ type: 'integer' }) score: number;
  @ApiProperty({ type: [String], description: 'What fits: topics, language, region, spare capacity' }) reasons: string[];
  @ApiProperty({ type: [String], description: 'What stands against: a conflict of interest, capacity, unavailability' }) conflicts: string[];
  @ApiProperty({ type: () => [SuggestionReasonView], description: 'The reasons as codes with their values, in the order of `reasons`' }) reasonCodes: SuggestionReasonView[];
  @ApiProperty({ type: () => [SuggestionReasonView], description: 'The conflicts as codes with their values, in the order of `conflicts`' }) conflictCodes: SuggestionReasonView[];
  @ApiProperty({ description: "A conflict of interest with the inquiry's State: assigning needs an override" }) conflictOfInterest: boolean;
}
