import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function SourceServersPage() {
  return <Header variant="h1">SourceServersPage</Header>;
}
