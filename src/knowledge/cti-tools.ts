import { ApiProperty } from '@nestjs/swagger';

/** A published CTI tool (research/domain.md §3.2), listed beside the entries of its topics. */
export class CtiTool {
  @ApiProperty({ example: '2/2017' }) number: string;
  @ApiProperty({ example: 'Safeguards in the first hours of police detention' }) title: string;
}

const TOOLS: Record<string, CtiTool> = {
  strategies: { number: '1/2017', title: 'State strategies' },
  safeguards: { number: '2/2017', title: 'Safeguards in the first hours of police detention' },
  interviewing: { number: 'Training Tool 1/2017', title: 'Investigative interviewing for criminal cases' },
  refoulement: { number: '4/2018', title: 'Non-refoulement procedures and safeguards' },
  rehabilitation: { number: '5/2018', title: 'Rehabilitation' },
  extradition: { number: '6/2019', title: 'Cooperation on extradition' },
  complaints: { number: '7/2019', title: 'Complaints and investigations' },
  exclusionary: { number: '8/2020', title: 'Exclusionary rule' },
};

/** The tools of each default topic; a topic without a tool has none listed. */
const BY_TOPIC: Record<string, Array<keyof typeof TOOLS>> = {
  'national-strategy': ['strategies'],
  'police-custody-safeguards': ['safeguards', 'interviewing'],
  'policing-arrest-use-of-force': ['safeguards'],
  'investigative-interviewing': ['interviewing', 'exclusionary'],
  'training-law-enforcement': ['interviewing'],
  'non-refoulement': ['refoulement'],
  'redress-rehabilitation': ['rehabilitation'],
  'extradition-jurisdiction': ['extradition'],
  'complaints-investigations': ['complaints'],
  'prosecution-accountability': ['complaints'],
  'exclusionary-rule': ['exclusionary'],
};

/** The tools of some topics, each once, in the order of the topics. */
export function toolsOf(topics: string[]): CtiTool[] {
  const keys = [...new Set(topics.flatMap((t) => BY_TOPIC[t] ?? []))];
  return keys.map((k) => TOOLS[k]);
}
