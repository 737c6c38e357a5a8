// Task queue names. The worker polls LANTERN (configurable per deployment via LANTERN_TASK_QUEUE for isolation).
export const TASK_QUEUES = {
  /** Every Lantern workflow and activity, until a capability needs its own rate limits. */
  LANTERN: 'lantern',
} as const;

export type TaskQueueName = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];
