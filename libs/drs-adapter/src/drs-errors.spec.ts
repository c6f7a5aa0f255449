import { ConflictException, InternalServerException, ThrottlingException } from '@aws-sdk/client-drs';

import { classifyDrsError, DrsFailureKind } from './drs-errors';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('classifyDrsError', () => {
  it('turns a ConflictException into a conflict naming the resource', () => {
    const error = new ConflictException({ message: 'busy', resourceId: 's-123', ...metadata(409) });

    const classified = classifyDrsError('StartRecovery', error);

    expect(classified.kind).toBe(DrsFailureKind.Conflict);
    expect(classified.details.resourceId).toBe('s-123');
  });

  it('reads a numeric Retry-After from a ThrottlingException', () => {
    const error = new ThrottlingException({ message: 'slow down', retryAfterSeconds: '7', ...metadata(429) });

    const classified = classifyDrsError('DescribeJobs', error);

    expect(classified.kind).toBe(DrsFailureKind.Throttled);
    expect(classified.details.retryAfterSeconds).toBe(7);
  });

  it('treats a 500 as an unknown outcome', () => {
    const error = new InternalServerException({ message: 'oops', ...metadata(500) });

    expect(classifyDrsError('StartRecovery', error).kind).toBe(DrsFailureKind.Unknown);
  });

  it('treats a timeout with no HTTP status as an unknown outcome', () => {
    const error = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });

    expect(classifyDrsError('StartRecovery', error).kind).toBe(DrsFailureKind.Unknown);
  });

  it('classifies by name, not message', () => {
    const error = Object.assign(new Error('ConflictException'), {
      name: 'ValidationException',
      ...metadata(400),
    });

    expect(classifyDrsError('StartRecovery', error).kind).toBe(DrsFailureKind.Rejected);
  });
});
