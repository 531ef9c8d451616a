import { ApiProperty } from '@nestjs/swagger';
import { LINK_KINDS, type LinkKind } from './inquiry-link.entity.js';

export class InquiryLinkView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'For a duplicate: the duplicate' }) inquiryId: string;
  @ApiProperty({ format: 'uuid', description: 'For a duplicate: its primary' }) linkedInquiryId: string;
  @ApiProperty({ description: "The other inquiry's reference (the viewer sees it in full)" }) otherReference: string;
  @ApiProperty({ enum: LINK_KINDS }) kind: LinkKind;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** An inquiry of the same State, recent, whose topics or subject words meet this one's. */
export class LinkSuggestionView {
  @ApiProperty({ format: 'uuid' }) inquiryId: string;
  @ApiProperty() reference: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'integer', description: 'Topics in common' }) topics: number;
  @ApiProperty({ type: 'integer', description: 'Subject words in common (compared as search tokens, never as text)' }) words: number;
}
