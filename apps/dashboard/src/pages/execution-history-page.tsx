import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function ExecutionHistoryPage() {
  return <Header variant="h1">ExecutionHistoryPage</Header>;
}
