import { IsBoolean, IsUUID } from 'class-validator';

export class ShareReplyDto {
  /** A cleared expert reply of the duplicate's primary. */
  @IsUUID()
  messageId: string;
}

export class JoinAnswerDto {
  /** true: agree to join the two threads; false: refuse, or withdraw an agreement given. */
  @IsBoolean()
  consent: boolean;
}
