import { seesClearance } from '../../access/message-visibility.js';
import type { Viewer } from '../../common/viewer.js';
import type { MessageView } from '../../messages/message.view.js';

export interface ThreadNode {
  m: MessageView;
  author: string;
  authorKey: string | null;
  mine: boolean;
  pending: boolean;
  /**
   * The clearance badge, for those who clear and write: a requester reads only cleared replies,
   * so "Cleared" is an internal word there and shows nothing.
   */
  clearance: MessageView['clearance'];
  /** Waiting for the viewer's clearance: settled in the panel at the top of the page, not in the thread. */
  settleAbove: boolean;
  /** The name of its reply form (FormState.name), for a refused reply shown again. */
  replyForm: string;
  children: ThreadNode[];
}

/** The authors a page may name: every author of the thread, when the viewer sees names at all. */
export const threadAuthorIds = (thread: MessageView[]): string[] => thread.map((m) => m.authorId);

/** The thread as a tree (a reply under the message it answers), authors named as the viewer may know them. */
export function threadTree(viewer: Viewer, thread: MessageView[], names: Map<string, string>): ThreadNode[] {
  const nodes = new Map<string, ThreadNode>();
  for (const m of thread) {
    const mine = m.authorId === viewer.userId;
    nodes.set(m.id, {
      m,
      mine,
      author: names.get(m.authorId) ?? '',
      authorKey: mine ? 'thread.you' : `role.${m.authorRole}`,
      pending: m.clearance === 'pending' && !m.viewerCan.clear,
      clearance: seesClearance(viewer) ? m.clearance : null,
      settleAbove: m.viewerCan.clear,
      replyForm: `reply-${m.id}`,
      children: [],
    });
  }
  const roots: ThreadNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.m.parentId ? nodes.get(node.m.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** What the thread adds to the query page: the tree, the replies waiting for the viewer's clearance (shown first), the viewer's returned replies. */
export function threadView(viewer: Viewer, thread: MessageView[], names: Map<string, string>): Record<string, unknown> {
  const toClear = thread.filter((m) => m.viewerCan.clear);
  return {
    thread: threadTree(viewer, thread, names),
    pendingCount: toClear.length,
    toClear: toClear.map((m) => ({ m, author: names.get(m.authorId) ?? '', authorKey: `role.${m.authorRole}`, formName: `return-${m.id}` })),
    returned: thread.filter((m) => m.clearance === 'returned' && m.authorId === viewer.userId),
  };
}
