import { Injectable, PipeTransform } from '@nestjs/common';
import { TOPIC_SLUG } from './topic.dto.js';
import { refuse } from '../common/errors/refusal.js';

@Injectable()
export class TopicSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || value.length > 60 || !TOPIC_SLUG.test(value)) throw refuse('topic.slug-invalid', 'slug must be a topic slug');
    return value;
  }
}
