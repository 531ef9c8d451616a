import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Who may do what is decided in one place, src/access/ (DESIGN.md rule 1, issue 15): services
 * and pages ask the policy and keep no copy of a rule. This test reads every source file outside
 * src/access/ and fails on what a permission check by role or by state looks like there: a role
 * compared or looked up in a list, a status or clearance compared with one of its values, the
 * list of open statuses, the workflow table read directly.
 *
 * A few uses are not permissions (a property of the account being created, the SLA clock, a
 * delivery's state): they are listed below, each with why, and the test also fails when one of
 * them no longer matches anything (so that the list cannot rot into a blanket exception).
 */
const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

const ROLES = 'requester|expert|secretariat';
const STATES = [
  // inquiry
  'submitted',
  'triaged',
  'in-progress',
  'awaiting-requester',
  'answered',
  'closed',
  'withdrawn',
  // assignment
  'proposed',
  'accepted',
  'declined',
  'completed',
  // message
  'pending',
  'cleared',
  'returned',
  'shared',
  'internal',
].join('|');

export const PATTERNS: Array<{ name: string; re: RegExp }> = [
  { name: 'a role compared', re: new RegExp(`\\brole\\s*[!=]==|[!=]==\\s*'(${ROLES})'|'(${ROLES})'\\s*[!=]==`) },
  { name: 'a role looked up in a list', re: /\.includes\([^)]*\brole\)/ },
  {
    name: 'a status compared',
    re: new RegExp(`\\b(status|clearance|visibility|standing)\\s*[!=]==\\s*'(${STATES})'|'(${STATES})'\\s*[!=]==\\s*\\w+\\.(status|clearance|visibility)\\b`),
  },
  { name: 'a status looked up in a list', re: /\.includes\([^)]*\.(status|clearance)\)/ },
  { name: 'the open statuses', re: /\bOPEN_STATUSES\b|\bisOpen\(/ },
  { name: 'the workflow table read directly', re: /\ballowedTargets\(|\bTRANSITIONS\b/ },
];

/** Not permissions: where a matching line stands for something else. [file, text of the line, why] */
export const NOT_PERMISSIONS: Array<[string, string, string]> = [
  ['src/common/workflow.ts', '', 'the one table of moves, which the policy consults'],
  ['src/identity/users.service.ts', "dto.role === 'requester' && !dto.organizationId", 'a requester account being created needs an organisation: a rule about the data'],
  ['src/identity/users.service.ts', "user.role === 'requester' && user.organizationId === organizationId", 'whom an inquiry can be shared with: a fact about the other account'],
  ['src/identity/users.service.ts', "user.role === 'expert' ? user.name : null", 'whether an id names an expert (who can be proposed): a fact about that account'],
  [
    'src/identity/users.service.ts',
    "if (user.role !== 'secretariat') throw refuse('user.head-must-be-secretariat'",
    'only a secretariat account carries the head-of-secretariat flag: a rule about the data',
  ],
  ['src/identity/auth.service.ts', 'mfaRequiredRoles.includes(user.role)', 'which accounts must enrol a second factor: authentication, set by MFA_REQUIRED_ROLES'],
  ['src/notifications/sla-sweep.ts', "i.status === 'submitted'", 'the SLA clock of an inquiry not yet acknowledged'],
  ['src/notifications/sla-sweep.ts', 'SLA_RUNNING.includes(i.status)', 'the SLA clock runs in these statuses'],
  ['src/inquiries/inquiries.service.ts', "import { OPEN_STATUSES, type InquiryStatus } from '../common/workflow.js';", "the queue's tabs count the open statuses"],
  ['src/inquiries/inquiries.service.ts', 'this.inquiries.queue(viewer, filter, query, OPEN_STATUSES,', "the queue's open and clearance tabs count the open statuses"],
  ['src/inquiries/inquiries.service.ts', 'open: sum(OPEN_STATUSES)', "the queue's open tab sums the kept counts of the open statuses"],
  ['src/inquiries/inquiries.service.ts', 'const running = SLA_RUNNING.includes(i.status);', 'the SLA clock runs in these statuses (the overdue marker)'],
  ['src/notifications/recipients.ts', "audience === 'secretariat'", "an audience of the routing table, not anyone's role"],
  ['src/messages/messages.service.ts', "m.visibility === 'internal') return 'note.posted'", 'which event a new message is, for the notifications'],
  ['src/messages/messages.service.ts', "m.clearance === 'pending') return 'reply.pending-clearance'", 'which event a new message is, for the notifications'],
  ['src/messages/messages.service.ts', "m.authorRole === 'requester' ? 'requester.replied'", 'which event a new message is, for the notifications'],
  ['src/cli/demo.command.ts', "step.by === 'secretariat'", 'the demo picks which fictional account takes each step of its script'],
  ['src/web/web-page.ts', 'n.roles.includes(role)', 'which links the navigation shows (each page is checked on its own)'],
  ['src/web/inquiries/inquiry-list.presenter.ts', 'OPEN_STATUSES, STATUSES', "the queue's tabs filter the list by status: what is shown, not what may be done"],
  ['src/web/inquiries/inquiry-list.presenter.ts', "OPEN_STATUSES.join(',')", "the queue's tabs filter the list by status: what is shown, not what may be done"],
  ['src/web/inquiries/inquiry.presenter.ts', "label: inquiry.status === 'closed' ? 'reopen'", 'the label of a move the policy allowed (from closed it reopens)'],
  ['src/web/inquiries/audit.presenter.ts', "d.visibility === 'internal' ? 'qp.audit.notePosted'", 'the words for an audit entry: which kind of message it recorded'],
  ['src/web/inquiries/thread.presenter.ts', "pending: m.clearance === 'pending'", 'how a reply waiting for clearance is drawn'],
  [
    'src/web/inquiries/thread.presenter.ts',
    "m.clearance === 'returned' && m.authorId === viewer.userId",
    "the expert's own returned replies, listed with the reason why: what is shown",
  ],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

export interface Finding {
  file: string;
  line: number;
  text: string;
  pattern: string;
}

/** Every line of `files` (path → text) that looks like a permission check. */
export function findChecks(files: Array<[string, string]>): Finding[] {
  const found: Finding[] = [];
  for (const [file, text] of files) {
    if (file.startsWith('src/access/')) continue;
    text.split('\n').forEach((line, n) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/^\s*(\*|\/\*)/.test(code)) return;
      for (const p of PATTERNS) if (p.re.test(code)) found.push({ file, line: n + 1, text: line.trim(), pattern: p.name });
    });
  }
  return found;
}

const excused = (f: Finding) => NOT_PERMISSIONS.some(([file, text]) => f.file === file && f.text.includes(text));

describe('permission checks live in src/access/ only', () => {
  const files = sourceFiles(SRC).map((p) => [relative(ROOT, p), readFileSync(p, 'utf8')] as [string, string]);
  const findings = findChecks(files);

  it('finds no role or state check about permissions outside src/access/', () => {
    expect(findings.filter((f) => !excused(f)).map((f) => `${f.file}:${f.line} ${f.pattern}: ${f.text}`)).toEqual([]);
  });

  it('keeps no exception that matches nothing', () => {
    const unused = NOT_PERMISSIONS.filter(([file, text]) => !findings.some((f) => f.file === file && f.text.includes(text)));
    expect(unused.map(([file, text]) => `${file}: ${text}`)).toEqual([]);
  });

  it('can fail: the checks the pages wrote before issue 15 are found', () => {
    // Lines of src/web/inquiries.pages.ts as they were: each decided a permission outside the policy.
    const before = [
      "      canPost: open && (viewer.role !== 'expert' || mine.some((a) => a.status === 'accepted')),",
      "      canAttach: open && (viewer.role === 'secretariat' || inquiry.requesterId === viewer.userId),",
      '    const open = OPEN_STATUSES.includes(inquiry.status);',
      "    return mine.some((a) => a.status === 'accepted') ? 'expert' : null;",
      '        ? allowedTargets(actor, inquiry.status).map((to) => ({ to }))',
      "    const standing = new Set(assigned.items.filter((a) => ['proposed', 'accepted', 'completed'].includes(a.status)).map((a) => a.expertId));",
      "    if (message.authorId !== viewer.userId) throw new ForbiddenException('only its author may attach files to a message');",
    ];
    const found = findChecks([['src/web/inquiries.pages.ts', before.join('\n')]]);
    // Every line but the last (an author compared with the viewer is an identity, not a role or a state: the policy's too, but not this test's to find).
    expect(found.map((f) => f.line).filter((l, i, all) => all.indexOf(l) === i)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(findChecks([['src/access/anything.ts', before.join('\n')]])).toEqual([]);
  });
});
