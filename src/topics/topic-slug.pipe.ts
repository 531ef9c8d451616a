import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { TOPIC_SLUG } from './topic.dto.js';

@Injectable()
export class TopicSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || value.length > 60 || !TOPIC_SLUG.test(value)) throw new BadRequestException('slug must be a topic slug');
    return value;
  }
}
