import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';

import { PlanDraft } from './plan-draft';
import { PlanFieldErrors } from './plan-errors';

type DetailsChange = Partial<Pick<PlanDraft, 'name' | 'description' | 'rpoSeconds'>>;

interface PlanDetailsFieldsProps {
  draft: PlanDraft;
  errors: PlanFieldErrors;
  readOnly: boolean;
  onChange(change: DetailsChange): void;
}

/** Renders the name, description and RPO fields of a recovery plan. */
export function PlanDetailsFields({ draft, errors, readOnly, onChange }: PlanDetailsFieldsProps) {
  return (
    <Container header={<Header variant="h2">Plan details</Header>}>
      <SpaceBetween size="m">
        <FormField label="Plan name" errorText={errors.name}>
          <Input
            value={draft.name}
            readOnly={readOnly}
            invalid={Boolean(errors.name)}
            placeholder="orders-three-tier"
            onChange={({ detail }) => onChange({ name: detail.value })}
          />
        </FormField>
        <FormField label="Description" errorText={errors.description}>
          <Textarea
            value={draft.description}
            readOnly={readOnly}
            invalid={Boolean(errors.description)}
            rows={2}
            onChange={({ detail }) => onChange({ description: detail.value })}
          />
        </FormField>
        <FormField
          label="RPO (seconds)"
          description="Replication lag above which a server gets a readiness warning. Leave it empty to use the server default."
          errorText={errors.rpoSeconds}
        >
          <Input
            type="number"
            inputMode="numeric"
            value={draft.rpoSeconds}
            readOnly={readOnly}
            invalid={Boolean(errors.rpoSeconds)}
            placeholder="Server default"
            onChange={({ detail }) => onChange({ rpoSeconds: detail.value })}
          />
        </FormField>
      </SpaceBetween>
    </Container>
  );
}
