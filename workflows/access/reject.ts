// How the grant's update validators refuse: a non-retryable failure the API turns into a 422 naming the rule.
import { ApplicationFailure } from '@temporalio/workflow';

export const REJECTED = 'AccessRuleRejected';

export const reject = (message: string): never => {
  throw ApplicationFailure.nonRetryable(message, REJECTED);
};
