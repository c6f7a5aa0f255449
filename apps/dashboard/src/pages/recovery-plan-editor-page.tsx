import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function RecoveryPlanEditorPage() {
  return <Header variant="h1">RecoveryPlanEditorPage</Header>;
}
