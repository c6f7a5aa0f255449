import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function RecoveryPlansPage() {
  return <Header variant="h1">RecoveryPlansPage</Header>;
}
