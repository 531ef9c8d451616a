import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../message.entity.js';

export const MESSAGE_MAX = 50_000;

export class PostMessageDto {
  @IsString()
  @MinLength(1)
  @MaxLength(MESSAGE_MAX)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  @IsOptional()
  @IsUUID()
  parentId?: string;

  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}

export class ReturnMessageDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
