import type { Viewer } from '../../common/viewer.js';
import type { MessageView } from '../../messages/message.view.js';

export interface ThreadNode {
  m: MessageView;
  author: string;
  authorKey: string | null;
  mine: boolean;
  pending: boolean;
  children: ThreadNode[];
}

/** The authors a page may name: every author of the thread, when the viewer sees names at all. */
export const threadAuthorIds = (thread: MessageView[]): string[] => thread.map((m) => m.authorId);

/** The thread as a tree (a reply under the message it answers), authors named as the viewer may know them. */
export function threadTree(viewer: Viewer, thread: MessageView[], names: Map<string, string>): ThreadNode[] {
  const nodes = new Map<string, ThreadNode>();
  for (const m of thread) {
    const mine = m.authorId === viewer.userId;
    nodes.set(m.id, { m, mine, author: names.get(m.authorId) ?? '', authorKey: mine ? 'thread.you' : `role.${m.authorRole}`, pending: m.clearance === 'pending', children: [] });
  }
  const roots: ThreadNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.m.parentId ? nodes.get(node.m.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** What the thread adds to the query page: the tree, the replies waiting for the viewer's clearance, the viewer's returned replies. */
export function threadView(viewer: Viewer, thread: MessageView[], names: Map<string, string>): Record<string, unknown> {
  return {
    thread: threadTree(viewer, thread, names),
    pendingCount: thread.filter((m) => m.viewerCan.clear).length,
    returned: thread.filter((m) => m.clearance === 'returned' && m.authorId === viewer.userId),
  };
}
