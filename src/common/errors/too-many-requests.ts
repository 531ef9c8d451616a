import { HttpException, HttpStatus } from '@nestjs/common';

export class TooManyRequests extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests: wait a moment and try again', HttpStatus.TOO_MANY_REQUESTS);
  }
}
