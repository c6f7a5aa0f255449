import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';

import { MAX_REASON_LENGTH } from './control-reason';

/** Optional reason for a run-control action, with the length check the API applies. */
export function ReasonField({ reason, onChange }: { reason: string; onChange(reason: string): void }) {
  const tooLong = reason.length > MAX_REASON_LENGTH;

  return (
    <FormField
      label="Reason (optional)"
      description="Recorded in the event log and the audit trail."
      errorText={
        tooLong
          ? `The reason has ${reason.length} characters; the maximum is ${MAX_REASON_LENGTH}.`
          : undefined
      }
    >
      <Input value={reason} onChange={({ detail }) => onChange(detail.value)} />
    </FormField>
  );
}
