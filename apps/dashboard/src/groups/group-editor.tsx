import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { ApiError } from '../api/api-error';
import type { ProtectionGroup, ProtectionGroupInput, SourceServer } from '../api/resources';
import { useSession } from '../auth/session';
import { InternalLink } from '../common/internal-link';
import { useNotifications } from '../layout/notifications';
import { inTarget, listTargets, targetKey } from '../servers/targets';
import { GroupDetailsFields } from './group-details-fields';
import {
  emptyGroupForm,
  formFromGroup,
  GroupForm,
  GroupFormErrors,
  hasFormErrors,
  placeApiFieldErrors,
  toGroupInput,
  validateGroupForm,
  withoutChangedFieldErrors,
} from './group-form';
import { GroupMembersSection } from './group-members-section';

interface GroupEditorProps {
  /** The group to edit, or null to create one. */
  group: ProtectionGroup | null;
  /** Every server of every configured target; null while loading or after a failed load. */
  inventory: SourceServer[] | null;
  inventoryLoading: boolean;
  readOnly: boolean;
}

const FIX_MARKED_FIELDS = 'The protection group was not saved. Correct the fields marked in red.';

/** Describes a failed save: the form errors to show next to fields and the message above the buttons. */
function describeSaveFailure(error: unknown): { errors: GroupFormErrors; message: string } {
  if (!(error instanceof ApiError)) {
    return { errors: {}, message: `The protection group was not saved: ${(error as Error).message}` };
  }
  const { errors, unplaced } = placeApiFieldErrors(error.fieldErrors());
  if (error.code === 'GROUP_NAME_TAKEN') {
    errors.name = error.message;
  } else if (error.code === 'SERVER_IN_OTHER_GROUP') {
    errors.members = error.message;
  }
  const extra = unplaced.length > 0 ? ` (${unplaced.join('; ')})` : '';

  return { errors, message: `The protection group was not saved: ${error.message}${extra}` };
}

/** Shows the create and edit form of a protection group, read-only for viewers. */
export function GroupEditor({ group, inventory, inventoryLoading, readOnly }: GroupEditorProps) {
  const { api } = useSession();
  const { notify } = useNotifications();
  const navigate = useNavigate();
  const [form, setForm] = useState<GroupForm>(() => (group ? formFromGroup(group) : emptyGroupForm(null)));
  const [saving, setSaving] = useState(false);
  // Client checks run live once the user has tried to save, so a fixed field loses its message at
  // once. Only the gateway can re-check its own errors, so each one stays until the user edits the
  // field it is about (or, for a member conflict, the members or the tag selector) or saves again.
  const [attempted, setAttempted] = useState(false);
  const [apiErrors, setApiErrors] = useState<GroupFormErrors>({});
  const [apiFailure, setApiFailure] = useState<string | null>(null);
  const clientErrors = useMemo(() => (attempted ? validateGroupForm(form) : {}), [attempted, form]);
  const errors: GroupFormErrors = { ...apiErrors, ...clientErrors };
  const failure = apiFailure ?? (hasFormErrors(clientErrors) ? FIX_MARKED_FIELDS : null);

  const targets = useMemo(() => {
    const known = listTargets(inventory ?? []);
    // A group keeps its target even when DRS lists no server there any more.
    return group ? listTargets([...known, group]) : known;
  }, [inventory, group]);
  const servers = useMemo(
    () =>
      form.target === null ? [] : (inventory ?? []).filter((server) => inTarget(server, form.target ?? '')),
    [inventory, form.target],
  );

  // With a single configured target there is nothing to choose, so a new group starts with it.
  useEffect(() => {
    if (!group && form.target === null && targets.length === 1) {
      setForm((current) => ({ ...current, target: targetKey(targets[0]) }));
    }
  }, [group, form.target, targets]);

  const clearStaleApiErrors = (changes: Partial<GroupForm>) => {
    const rest = withoutChangedFieldErrors(apiErrors, changes);
    if (Object.keys(rest).length === Object.keys(apiErrors).length) {
      return;
    }
    setApiErrors(rest);
    // The gateway's message may be about the field just edited, so it is replaced by a general one
    // while other fields are still marked, and removed with the last marked field.
    setApiFailure(hasFormErrors(rest) ? FIX_MARKED_FIELDS : null);
  };

  const change = (changes: Partial<GroupForm>) => {
    clearStaleApiErrors(changes);
    setForm((current) => {
      const next = { ...current, ...changes };
      // Servers of one target cannot join a group of another.
      if (changes.target !== undefined && changes.target !== current.target) {
        next.sourceServerIds = [];
      }
      return next;
    });
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (readOnly || saving) {
      return;
    }
    setAttempted(true);
    setApiErrors({});
    setApiFailure(null);
    if (hasFormErrors(validateGroupForm(form))) {
      return;
    }

    setSaving(true);
    const input: ProtectionGroupInput = toGroupInput(form);
    try {
      if (group) {
        await api.put<ProtectionGroup>(`/protection-groups/${encodeURIComponent(group.id)}`, input);
      } else {
        await api.post<ProtectionGroup>('/protection-groups', input);
      }
      notify({ type: 'success', content: `Protection group ${input.name} saved.` });
      navigate('/protection-groups');
    } catch (error) {
      const described = describeSaveFailure(error);
      setApiErrors(described.errors);
      setApiFailure(described.message);
    } finally {
      setSaving(false);
    }
  };

  const title = group
    ? readOnly
      ? `Protection group ${group.name}`
      : `Edit ${group.name}`
    : 'Create protection group';

  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      <Form
        header={<Header variant="h1">{title}</Header>}
        errorText={failure}
        errorIconAriaLabel="Error"
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={() => navigate('/protection-groups')}>
              {readOnly ? 'Back to protection groups' : 'Cancel'}
            </Button>
            {!readOnly && (
              <Button variant="primary" loading={saving} formAction="submit">
                Save protection group
              </Button>
            )}
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {readOnly && <Alert type="info">You have the viewer role, so this group is read-only.</Alert>}
          <Container header={<Header variant="h2">Details</Header>}>
            <SpaceBetween size="l">
              <GroupDetailsFields
                form={form}
                errors={errors}
                targets={targets}
                targetsLoading={inventoryLoading}
                readOnly={readOnly}
                onChange={change}
              />
              {group && (
                <div>
                  <Box variant="awsui-key-label">Used by recovery plans</Box>
                  {group.usedByPlans.length === 0 ? (
                    <Box color="text-body-secondary">No plan uses this group.</Box>
                  ) : (
                    <SpaceBetween direction="horizontal" size="s">
                      {group.usedByPlans.map((plan) => (
                        <InternalLink key={plan.id} href={`/recovery-plans/${plan.id}`}>
                          {plan.name}
                        </InternalLink>
                      ))}
                    </SpaceBetween>
                  )}
                </div>
              )}
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2">Members</Header>}>
            <GroupMembersSection
              form={form}
              errors={errors}
              servers={servers}
              serversLoading={inventoryLoading}
              editingGroupId={group?.id ?? null}
              readOnly={readOnly}
              onChange={change}
            />
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
