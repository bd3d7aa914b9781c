/** The sandbox account the worker tests run against (test-only credentials, not secrets). */
export const TEST_ZENDESK = {
  email: 'admin@tierwise.test',
  apiToken: 'worker-test-token',
  webhookSecret: 'worker-test-webhook-secret',
  workerToken: 'worker-test-sidebar-token',
} as const;
