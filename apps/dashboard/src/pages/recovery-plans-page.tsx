import { useState } from 'react';
import { useNavigate } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';

import { Role } from '@drs/domain';

import type { ListResponse, RecoveryPlan } from '../api/resources';
import { useSession } from '../auth/session';
import { useResource } from '../common/use-resource';
import { AppLink } from '../plans/app-link';
import { DeletePlanModal } from '../plans/delete-plan-modal';
import { LastExecutionSummary } from '../plans/last-execution';
import { RunPlanModal } from '../plans/run-plan-modal';

function waveSummary(plan: RecoveryPlan): string {
  const names = [...plan.waves].sort((a, b) => a.position - b.position).map((wave) => wave.name);
  return `${names.length}: ${names.join(', ')}`;
}

/** Lists every recovery plan with its waves and last execution. Operators also create, run and delete plans here. */
export function RecoveryPlansPage() {
  const { may } = useSession();
  const navigate = useNavigate();
  const plans = useResource((api) => api.get<ListResponse<RecoveryPlan>>('/recovery-plans'), []);
  const [runPlan, setRunPlan] = useState<RecoveryPlan | null>(null);
  const [deletePlan, setDeletePlan] = useState<RecoveryPlan | null>(null);
  const mayOperate = may(Role.Operator);
  const items = plans.data?.items ?? [];

  const createButton = mayOperate && (
    <Button variant="primary" onClick={() => navigate('/recovery-plans/new')}>
      Create recovery plan
    </Button>
  );

  return (
    <SpaceBetween size="m">
      {plans.error && (
        <Alert
          type="error"
          header="The recovery plans could not be loaded"
          action={<Button onClick={() => void plans.reload()}>Retry</Button>}
        >
          {plans.error.message}
        </Alert>
      )}
      <Table
        items={items}
        trackBy="id"
        loading={plans.loading && !plans.data}
        loadingText="Loading recovery plans"
        variant="full-page"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={plans.data ? `(${items.length})` : undefined}
            description="Recovery plans launch protection groups in waves, in the order their dependencies set."
            actions={createButton}
          >
            Recovery plans
          </Header>
        }
        ariaLabels={{ tableLabel: 'Recovery plans' }}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Name',
            cell: (plan) => <AppLink href={`/recovery-plans/${plan.id}`}>{plan.name}</AppLink>,
            isRowHeader: true,
          },
          { id: 'waves', header: 'Waves', cell: waveSummary },
          { id: 'version', header: 'Version', cell: (plan) => plan.version },
          {
            id: 'lastExecution',
            header: 'Last execution',
            cell: (plan) => <LastExecutionSummary execution={plan.lastExecution} />,
          },
          {
            id: 'actions',
            header: 'Actions',
            cell: (plan) => (
              <SpaceBetween direction="horizontal" size="xs" alignItems="center">
                <AppLink href={`/executions?planId=${plan.id}`}>History</AppLink>
                {mayOperate && (
                  <Button
                    variant="inline-link"
                    ariaLabel={`Run ${plan.name}`}
                    onClick={() => setRunPlan(plan)}
                  >
                    Run
                  </Button>
                )}
                {mayOperate && (
                  <Button
                    variant="inline-link"
                    ariaLabel={`Delete ${plan.name}`}
                    onClick={() => setDeletePlan(plan)}
                  >
                    Delete
                  </Button>
                )}
              </SpaceBetween>
            ),
          },
        ]}
        empty={
          <Box textAlign="center" color="inherit">
            <SpaceBetween size="s">
              <b>No recovery plans</b>
              <Box variant="p" color="inherit">
                {mayOperate
                  ? 'Create a plan to launch protection groups in waves.'
                  : 'An operator has not created a recovery plan yet.'}
              </Box>
              {createButton}
            </SpaceBetween>
          </Box>
        }
      />
      {runPlan && <RunPlanModal plan={runPlan} onDismiss={() => setRunPlan(null)} />}
      <DeletePlanModal
        plan={deletePlan}
        onDismiss={() => setDeletePlan(null)}
        onDeleted={() => {
          setDeletePlan(null);
          void plans.reload();
        }}
      />
    </SpaceBetween>
  );
}
