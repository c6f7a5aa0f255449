import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';

import { Role } from '@drs/domain';

import { ApiError } from '../api/api-error';
import type { ListResponse, ProtectionGroup, RecoveryPlan, SourceServer } from '../api/resources';
import { useSession } from '../auth/session';
import { OperatorRoleNotice } from '../common/operator-role-notice';
import { useResource } from '../common/use-resource';
import { useNotifications } from '../layout/notifications';
import { AppLink } from '../plans/app-link';
import {
  cycleWaveKeys,
  draftToGraphWaves,
  predictDraftDuration,
  toPredictionServers,
} from '../plans/draft-views';
import { PlanDetailsFields } from '../plans/plan-details-fields';
import { emptyPlanDraft, PlanDraft, planToDraft, toPlanInput, WaveDraft } from '../plans/plan-draft';
import {
  apiErrorToFieldErrors,
  PlanFieldErrors,
  validatePlanDraft,
  waveErrorKey,
  WaveField,
  waveGraphProblem,
} from '../plans/plan-errors';
import { PredictedDuration } from '../plans/predicted-duration';
import { RunPlanModal } from '../plans/run-plan-modal';
import { WaveGraph } from '../plans/wave-graph';
import { WavesSection } from '../plans/waves-section';

/** Serialises what a save would send, to tell whether the draft differs from the saved plan. */
function fingerprint(draft: PlanDraft): string {
  return JSON.stringify(toPlanInput(draft));
}

function withoutKeys(errors: PlanFieldErrors, keys: string[]): PlanFieldErrors {
  const rest = { ...errors };
  keys.forEach((key) => delete rest[key]);
  return rest;
}

/**
 * Creates or edits a recovery plan: details, waves, the dependency graph and an estimate of the
 * duration. Viewers see the same page read-only.
 */
export function RecoveryPlanEditorPage() {
  const { id } = useParams();
  const { api, may } = useSession();
  const { notify } = useNotifications();
  const navigate = useNavigate();
  const readOnly = !may(Role.Operator);

  const loaded = useResource(
    (client) => (id ? client.get<RecoveryPlan>(`/recovery-plans/${id}`) : Promise.resolve(null)),
    [id],
  );
  const groups = useResource((client) => client.get<ListResponse<ProtectionGroup>>('/protection-groups'), []);
  const servers = useResource((client) => client.get<ListResponse<SourceServer>>('/drs/source-servers'), []);

  const [draft, setDraft] = useState<PlanDraft>(emptyPlanDraft);
  const [saved, setSaved] = useState<RecoveryPlan | null>(null);
  const [savedFingerprint, setSavedFingerprint] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [apiErrors, setApiErrors] = useState<PlanFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [runVisible, setRunVisible] = useState(false);

  const adopt = (plan: RecoveryPlan) => {
    const next = planToDraft(plan);
    setDraft(next);
    setSaved(plan);
    setSavedFingerprint(fingerprint(next));
    setAttempted(false);
    setApiErrors({});
    setFormError(null);
  };

  // Show the plan once loaded, unless it is the version this page has just saved.
  useEffect(() => {
    if (loaded.data && (loaded.data.id !== saved?.id || loaded.data.version !== saved?.version)) {
      adopt(loaded.data);
    }
  }, [loaded.data]);

  // A new plan starts empty, also when the page comes from an existing plan.
  useEffect(() => {
    if (!id) {
      setDraft(emptyPlanDraft());
      setSaved(null);
      setSavedFingerprint(null);
      setAttempted(false);
      setApiErrors({});
      setFormError(null);
    }
  }, [id]);

  const groupNames = useMemo(
    () => new Map((groups.data?.items ?? []).map((group) => [group.id, group.name])),
    [groups.data],
  );
  const clientErrors = useMemo(() => validatePlanDraft(draft, groupNames), [draft, groupNames]);
  // Missing values are flagged only after the first save, so a new form does not open in red.
  const errors = attempted ? { ...apiErrors, ...clientErrors } : apiErrors;

  const graphWaves = useMemo(() => draftToGraphWaves(draft), [draft]);
  const cycleKeys = useMemo(() => cycleWaveKeys(draft), [draft]);
  const predictionServers = useMemo(() => toPredictionServers(servers.data?.items ?? []), [servers.data]);
  const prediction = useMemo(
    () => (servers.data ? predictDraftDuration(draft, predictionServers) : null),
    [draft, predictionServers, servers.data],
  );
  // The count follows the edits, so the message goes away once the last problem is fixed.
  const problemCount = attempted ? Object.keys(clientErrors).length : 0;
  const shownFormError =
    problemCount > 0
      ? `The plan was not saved: fix the ${problemCount === 1 ? 'problem' : `${problemCount} problems`} marked above.`
      : formError;
  const unsavedChanges = savedFingerprint !== null && fingerprint(draft) !== savedFingerprint;

  const changeWaves = (waves: WaveDraft[], changed?: { waveKey: string; fields: string[] }) => {
    setDraft((current) => ({ ...current, waves }));
    if (changed) {
      setApiErrors((current) =>
        withoutKeys(
          current,
          changed.fields.map((field) => waveErrorKey(changed.waveKey, field as WaveField)),
        ),
      );
    }
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setAttempted(true);
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) {
      return;
    }
    const graphProblem = waveGraphProblem(draft.waves);
    if (graphProblem) {
      setFormError(`The plan was not saved: ${graphProblem}.`);
      return;
    }

    const sentWaves = draft.waves;
    setSaving(true);
    setFormError(null);
    setApiErrors({});
    try {
      const input = toPlanInput(draft);
      const result = id
        ? await api.put<RecoveryPlan>(`/recovery-plans/${id}`, input)
        : await api.post<RecoveryPlan>('/recovery-plans', input);
      adopt(result);
      notify({ type: 'success', content: `Recovery plan ${result.name} saved.` });
      if (!id) {
        navigate(`/recovery-plans/${result.id}`, { replace: true });
      }
    } catch (failure) {
      if (failure instanceof ApiError) {
        setApiErrors(apiErrorToFieldErrors(failure, sentWaves));
      }
      setFormError(`The plan was not saved: ${(failure as Error).message}`);
    } finally {
      setSaving(false);
    }
  };

  // A viewer reads existing plans here, but an empty create form would only lead to a 403.
  if (!id && readOnly) {
    return (
      <OperatorRoleNotice
        title="Create recovery plan"
        action="Creating a recovery plan"
        listHref="/recovery-plans"
        listName="recovery plans"
      />
    );
  }
  if (id && loaded.error) {
    const notFound = loaded.error instanceof ApiError && loaded.error.statusCode === 404;
    return (
      <SpaceBetween size="m">
        <Header variant="h1">Recovery plan</Header>
        <Alert
          type="error"
          header={notFound ? 'Recovery plan not found' : 'The recovery plan could not be loaded'}
          action={
            !notFound && (
              <Button formAction="none" onClick={() => void loaded.reload()}>
                Retry
              </Button>
            )
          }
        >
          {loaded.error.message} <AppLink href="/recovery-plans">Back to recovery plans</AppLink>
        </Alert>
      </SpaceBetween>
    );
  }
  if (id && !saved) {
    return <StatusIndicator type="loading">Loading recovery plan</StatusIndicator>;
  }

  const title = saved ? saved.name : 'Create recovery plan';
  const headerActions = (
    <SpaceBetween direction="horizontal" size="xs">
      {saved && (
        <Button formAction="none" onClick={() => navigate(`/executions?planId=${saved.id}`)}>
          Execution history
        </Button>
      )}
      {saved && !readOnly && (
        <Button formAction="none" variant="primary" onClick={() => setRunVisible(true)}>
          Run
        </Button>
      )}
    </SpaceBetween>
  );

  return (
    <>
      <form onSubmit={save} noValidate>
        <Form
          header={
            <Header
              variant="h1"
              description={
                saved
                  ? `Version ${saved.version}${unsavedChanges ? ', with unsaved changes' : ''}`
                  : undefined
              }
              actions={headerActions}
            >
              {title}
            </Header>
          }
          errorText={shownFormError}
          errorIconAriaLabel="Error"
          actions={
            !readOnly && (
              <SpaceBetween direction="horizontal" size="xs">
                <Button formAction="none" variant="link" onClick={() => navigate('/recovery-plans')}>
                  Cancel
                </Button>
                <Button variant="primary" loading={saving} loadingText="Saving recovery plan">
                  Save recovery plan
                </Button>
              </SpaceBetween>
            )
          }
        >
          <SpaceBetween size="l">
            {readOnly && (
              <Alert type="info">
                Your role can view this plan. Changing or running it needs the operator role.
              </Alert>
            )}
            {groups.error && (
              <Alert type="warning" header="The protection groups could not be loaded">
                {groups.error.message} Groups show by id until they load.{' '}
                <Button variant="inline-link" formAction="none" onClick={() => void groups.reload()}>
                  Retry
                </Button>
              </Alert>
            )}
            <PlanDetailsFields
              draft={draft}
              errors={errors}
              readOnly={readOnly}
              onChange={(change) => {
                setDraft((current) => ({ ...current, ...change }));
                setApiErrors((current) => withoutKeys(current, Object.keys(change)));
              }}
            />
            <Container header={<Header variant="h2">Dependency graph</Header>}>
              <SpaceBetween size="s">
                {cycleKeys.size > 0 && (
                  <Alert type="error">
                    The waves marked in red depend on each other in a cycle, so none of them could start.
                    Remove one of their dependencies.
                  </Alert>
                )}
                <WaveGraph waves={graphWaves} cycleIds={cycleKeys} />
              </SpaceBetween>
            </Container>
            <WavesSection
              waves={draft.waves}
              groups={groups.data?.items ?? []}
              errors={errors}
              readOnly={readOnly}
              onChange={changeWaves}
            />
            <Container header={<Header variant="h2">Predicted duration</Header>}>
              <PredictedDuration
                prediction={prediction}
                serversLoading={servers.loading}
                serversError={servers.error}
              />
            </Container>
          </SpaceBetween>
        </Form>
      </form>
      {saved && !readOnly && runVisible && (
        <RunPlanModal plan={saved} unsavedChanges={unsavedChanges} onDismiss={() => setRunVisible(false)} />
      )}
    </>
  );
}
