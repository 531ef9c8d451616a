import { Controller, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AssignmentsService } from '../../experts/assignments.service.js';
import { ProposeAssignmentDto } from '../../experts/dto/assignment.dto.js';
import { Roles, WebPage } from '../../common/decorators.js';
import { act, dateField, field, formBody, validated } from '../forms.js';
import { pathId } from '../path-id.js';
import { safeNext, WebErrorFilter } from '../web-error.filter.js';
import { WebPages, type PageRequest } from '../web-page.js';
import { assignForm, InquiryPage } from './inquiry-page.js';

/** The secretariat's commands on the experts of a query: propose one, withdraw an assignment. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class AssignmentsPages {
  constructor(
    private readonly pages: WebPages,
    private readonly page: InquiryPage,
    private readonly assignments: AssignmentsService,
  ) {}

  @Post('inquiries/:id/assignments')
  @Roles('secretariat')
  async assign(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    const expertId = field(body, 'expertId');
    await act(
      this.pages,
      reply,
      `/inquiries/${id}`,
      'assign.proposed',
      async () => {
        const reason = field(body, 'overrideReason');
        const dto = await validated(ProposeAssignmentDto, {
          expertId,
          role: field(body, 'role'),
          dueAt: dateField(body, 'dueAt'),
          overrideConflict: reason ? { reason } : undefined,
        });
        await this.assignments.propose(req.viewer!, id, dto);
      },
      // The page again with this expert's proposal as filled in (any other expert's form as it was).
      (refused) =>
        this.page.render(
          req,
          reply,
          id,
          assignForm(expertId ?? '', { role: field(body, 'role'), dueAt: field(body, 'dueAt'), overrideReason: field(body, 'overrideReason', true) }, refused),
          refused.status,
        ),
    );
  }

  @Post('assignments/:id/withdraw')
  @Roles('secretariat')
  async withdrawAssignment(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const back = field(formBody(req.body), 'back');
    await act(this.pages, reply, safeNext(back) ? back : '/inquiries', 'assign.withdrawn', async () => {
      await this.assignments.withdraw(req.viewer!, id);
    });
  }
}
