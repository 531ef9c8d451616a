import { Injectable } from '@nestjs/common';

/** The only source of "now" in the service, so that tests can move time instead of waiting. */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  iso(): string {
    return this.now().toISOString();
  }

  /** Test support: jump forward (or back) in time. */
  travel(ms: number): void {
    this.offsetMs += ms;
  }
}
