import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/viewer.js';
import { AssignmentsService } from '../experts/assignments.service.js';
import type { User } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import type { OutboxEvent } from '../events/outbox-event.entity.js';
import { routeOf, type Audience } from './routing.js';

export interface Recipients {
  users: User[];
  reference: string | null;
}

const asViewer = (u: User): Viewer => ({ userId: u.id, role: u.role, organizationId: u.organizationId, sessionId: 'dispatcher' });

/**
 * Turns an event into the people who should hear of it (the routing table) and may (the access
 * policy, asked for each person at this moment): never the event's author, nobody inactive.
 */
@Injectable()
export class RecipientResolver {
  constructor(
    private readonly users: UsersService,
    private readonly inquiries: InquiriesService,
    private readonly assignments: AssignmentsService,
  ) {}

  async resolve(event: OutboxEvent): Promise<Recipients> {
    const payload = JSON.parse(event.payload) as Record<string, unknown>;
    const people = event.inquiryId ? await this.inquiries.peopleForSystem(event.inquiryId) : null;
    if (event.inquiryId && !people) return { users: [], reference: null };
    const ids = new Set<string>();
    const roles: Array<'secretariat'> = [];
    for (const audience of routeOf(event.kind)) {
      for (const id of await this.idsFor(audience, event, payload, people)) ids.add(id);
      if (audience === 'secretariat') roles.push('secretariat');
    }
    const candidates = [...(await this.users.byIds([...ids])), ...(roles.length ? await this.users.activeByRole('secretariat') : [])];
    const unique = new Map(candidates.filter((u) => u.active && u.id !== event.actorId).map((u) => [u.id, u]));
    const allowed: User[] = [];
    for (const user of unique.values()) {
      if (!event.inquiryId || (await this.inquiries.findVisible(asViewer(user), event.inquiryId))) allowed.push(user);
    }
    return { users: allowed, reference: people?.reference ?? null };
  }

  private async idsFor(
    audience: Audience,
    event: OutboxEvent,
    payload: Record<string, unknown>,
    people: { requesterId: string; participantIds: string[] } | null,
  ): Promise<string[]> {
    const str = (key: string) => (typeof payload[key] === 'string' ? [payload[key] as string] : []);
    switch (audience) {
      case 'secretariat':
        return [];
      case 'requester-side':
        return people ? [people.requesterId, ...people.participantIds] : [];
      case 'engaged-experts':
        return event.inquiryId ? this.assignments.engagedExperts(event.inquiryId) : [];
      case 'payload-expert':
        return str('expertId');
      case 'payload-author':
        return str('authorId');
      case 'payload-user':
        return str('userId');
    }
  }
}
