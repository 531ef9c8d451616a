import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The breakdowns of a report, in the order shown. Never by country. */
export const BREAKDOWNS = ['month', 'region', 'unGroup', 'tag', 'institution', 'requesterCategory', 'uncat', 'opcat', 'language', 'topic', 'topicGroup', 'outcome'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export class FigureView {
  @ApiProperty({ type: Number, nullable: true, description: 'The figure, or null when it is below the threshold' }) value: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Set when the figure is hidden: it is fewer than this' }) fewerThan: number | null;
}

export class CellView {
  @ApiProperty() key: string;
  @ApiProperty({ type: Number, nullable: true }) count: number | null;
  @ApiProperty({ enum: ['primary', 'secondary'], nullable: true, description: 'primary: fewer than the threshold; secondary: hidden so that another cannot be derived' })
  hidden: 'primary' | 'secondary' | null;
}

export class TableView {
  @ApiProperty({ description: 'Whether the cells add up to the total (a State may carry several tags: tags do not)' }) partition: boolean;
  @ApiProperty({ type: Number, nullable: true }) total: number | null;
  @ApiProperty({ description: 'Every cell is hidden: no arrangement kept the small ones from being derived' }) withheld: boolean;
  @ApiProperty({ type: CellView, isArray: true }) cells: CellView[];
}

export class DurationView {
  @ApiProperty({ type: FigureView, description: 'How many inquiries reached this milestone' }) n: FigureView;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Median, in seconds (null when fewer than the threshold); exact to the second below two minutes, above them to within half a per cent (durations are kept in buckets 1 % wide)',
  })
  medianSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile (nearest rank), in seconds, to the same resolution as the median' }) p90Seconds: number | null;
}

export class TimelinessView {
  @ApiProperty({ type: DurationView }) acknowledgement: DurationView;
  @ApiProperty({ type: DurationView }) firstReply: DurationView;
  @ApiProperty({ type: DurationView }) closure: DurationView;
  @ApiProperty({ type: Number, nullable: true, description: 'Share (0–1) answered by the due moment, of those answered or already past it' }) onTimeShare: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Of the closed ones: seconds spent waiting on the requester' }) waitingOnRequesterSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Of the closed ones: seconds spent with the secretariat and experts' }) waitingOnSecretariatSeconds: number | null;
}

export class ExpertsView {
  @ApiProperty({ type: FigureView }) engaged: FigureView;
  @ApiProperty({ type: TableView, description: 'Experts by number of inquiries taken on (1, 2, 3-5, 6+)' }) load: TableView;
  @ApiProperty({ type: FigureView, description: 'Assignments declined (conflicts of interest declared, or unavailable)' }) declined: FigureView;
}

export class BreakdownsView {
  @ApiPropertyOptional({ type: TableView }) month?: TableView;
  @ApiPropertyOptional({ type: TableView, description: 'M49 region of the State' }) region?: TableView;
  @ApiPropertyOptional({ type: TableView }) unGroup?: TableView;
  @ApiPropertyOptional({ type: TableView }) tag?: TableView;
  @ApiPropertyOptional({ type: TableView, description: 'Kind of the requesting institution' }) institution?: TableView;
  @ApiPropertyOptional({ type: TableView, description: 'state, nhri-npm or other' }) requesterCategory?: TableView;
  @ApiPropertyOptional({ type: TableView, description: 'UNCAT status of the State when the inquiry came in' }) uncat?: TableView;
  @ApiPropertyOptional({ type: TableView, description: 'OPCAT status of the State when the inquiry came in' }) opcat?: TableView;
  @ApiPropertyOptional({ type: TableView }) language?: TableView;
  @ApiPropertyOptional({ type: TableView, description: 'Primary topic' }) topic?: TableView;
  @ApiPropertyOptional({ type: TableView }) topicGroup?: TableView;
  @ApiPropertyOptional({ type: TableView, description: 'Of the inquiries closed in the period' }) outcome?: TableView;
}

export class ReportView {
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ description: 'Counts below it are hidden' }) threshold: number;
  @ApiProperty({ type: FigureView, description: 'Inquiries received in the period' }) received: FigureView;
  @ApiProperty({ type: FigureView, description: 'Inquiries closed or withdrawn in the period' }) closed: FigureView;
  @ApiProperty({ type: FigureView, description: 'Inquiries open at the end of the period' }) openAtEnd: FigureView;
  @ApiProperty({ type: FigureView, description: 'Distinct States that asked (a count, never a list)' }) states: FigureView;
  @ApiProperty({ type: FigureView, description: 'Distinct institutions that asked' }) institutions: FigureView;
  @ApiProperty({ type: BreakdownsView }) breakdowns: BreakdownsView;
  @ApiProperty({ type: TimelinessView }) timeliness: TimelinessView;
  @ApiProperty({ type: ExpertsView }) experts: ExpertsView;
}
