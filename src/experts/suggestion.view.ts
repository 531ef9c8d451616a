import { ApiProperty } from '@nestjs/swagger';

class SuggestedExpert {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/** One ranked candidate for an inquiry (see scoring.ts). */
export class SuggestionView {
  @ApiProperty({ type: () => SuggestedExpert }) expert: SuggestedExpert;
  @ApiProperty({ type: 'integer' }) score: number;
  @ApiProperty({ type: [String], description: 'What fits: topics, language, region, spare capacity' }) reasons: string[];
  @ApiProperty({ type: [String], description: 'What stands against: a conflict of interest, capacity, unavailability' }) conflicts: string[];
  @ApiProperty({ description: "A conflict of interest with the inquiry's State: assigning needs an override" }) conflictOfInterest: boolean;
}
