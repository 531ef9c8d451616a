/** Where an expert's assignment to an inquiry stands: read by the access policy and by the experts module. */
export const ASSIGNMENT_STATUSES = ['proposed', 'accepted', 'declined', 'completed', 'withdrawn'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
