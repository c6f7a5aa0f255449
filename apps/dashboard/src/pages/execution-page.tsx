import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function ExecutionPage() {
  return <Header variant="h1">ExecutionPage</Header>;
}
